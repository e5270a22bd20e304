import type { DemoLocation } from './demo.types.ts';
import { DEMO_CITIES, type DemoCity } from './demo-cities.ts';
import { BRANDS, OFFICE_SUFFIXES, RESIDENTIAL_SUFFIXES } from './demo-names.ts';
import { type DemoRandom, skewedIndex, weightedTable } from './demo-random.ts';

/** Homes get a compound and a flat; offices a tower and a suite. */
export type DemoSiteKind = 'home' | 'office';

const CITY_TABLE = weightedTable(DEMO_CITIES.map((city) => [city, city.weight] as const));
const TOWER_BLOCKS = ['A', 'B', 'C', 'D'] as const;

// About 3–4 km around the district centre.
const LAT_SPREAD = 0.035;
const LNG_SPREAD = 0.04;

export const pickDemoCity = (rng: DemoRandom): DemoCity => rng.weighted(CITY_TABLE);

const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max);

const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

// Floor and flat number as written on a door: 1502, 803.
const roomNumber = (rng: DemoRandom, maxFloor: number): string => {
  const unit = rng.int(1, 8);
  return `${rng.int(1, maxFloor)}0${unit}`;
};

// Low numbers are more common than 1800-something.
const streetNumber = (rng: DemoRandom): number => 1 + skewedIndex(rng, 1800, 2);

const homeAddress = (rng: DemoRandom, city: DemoCity, street: string): string => {
  if (city.lanes) {
    return `${street}${streetNumber(rng)}弄${rng.int(1, 40)}号${roomNumber(rng, 24)}室`;
  }
  const compound = `${rng.pick(BRANDS)[0]}${rng.pick(RESIDENTIAL_SUFFIXES)}`;
  return `${street}${streetNumber(rng)}号${compound}${rng.int(1, 28)}栋${rng.int(1, 4)}单元${roomNumber(rng, 30)}`;
};

const officeAddress = (rng: DemoRandom, street: string): string => {
  const tower = `${rng.pick(BRANDS)[0]}${rng.pick(OFFICE_SUFFIXES)}`;
  const block = rng.chance(0.4) ? `${rng.pick(TOWER_BLOCKS)}座` : '';
  return `${street}${streetNumber(rng)}号${tower}${block}${roomNumber(rng, 32)}室`;
};

export type DemoLocationOptions = {
  site: DemoSiteKind;
  /** Defaults to a city drawn by population weight. */
  city?: DemoCity;
};

export const demoLocation = (rng: DemoRandom, options: DemoLocationOptions): DemoLocation => {
  const city = options.city ?? pickDemoCity(rng);
  const district = rng.pick(city.districts);
  const street = rng.pick(district.streets);
  const detail = options.site === 'home' ? homeAddress(rng, city, street) : officeAddress(rng, street);
  const { box } = city;
  return {
    city: city.name,
    district: district.name,
    street,
    address: `${city.name}市${district.name}${detail}`,
    lat: round6(clamp(district.lat + rng.float(-LAT_SPREAD, LAT_SPREAD), box.minLat, box.maxLat)),
    lng: round6(clamp(district.lng + rng.float(-LNG_SPREAD, LNG_SPREAD), box.minLng, box.maxLng)),
  };
};

/** `count` addresses across the demo cities, roughly seven homes to three offices. */
export const demoLocations = (rng: DemoRandom, count: number): DemoLocation[] => {
  const locations: DemoLocation[] = [];
  for (let i = 0; i < count; i++) {
    locations.push(demoLocation(rng, { site: rng.chance(0.7) ? 'home' : 'office' }));
  }
  return locations;
};
