import { describe, expect, it } from 'vitest';
import { DEMO_CITIES, getDemoCity, isInsideCityBox } from './demo-cities.ts';
import { demoLocation, demoLocations } from './demo-locations.ts';
import { createDemoRandom } from './demo-random.ts';

describe('demoLocations', () => {
  const locations = demoLocations(createDemoRandom(9), 3_000);

  it('returns the requested number of locations, the same for the same seed', () => {
    expect(locations).toHaveLength(3_000);
    expect(demoLocations(createDemoRandom(9), 3_000)).toEqual(locations);
    expect(demoLocations(createDemoRandom(10), 50)).not.toEqual(locations.slice(0, 50));
  });

  it('keeps every point inside the box of its city', () => {
    for (const location of locations) {
      expect(isInsideCityBox(getDemoCity(location.city), location.lat, location.lng)).toBe(true);
    }
  });

  it('covers every demo city, Shanghai most of all', () => {
    const perCity = new Map<string, number>();
    for (const { city } of locations) perCity.set(city, (perCity.get(city) ?? 0) + 1);
    expect(new Set(perCity.keys())).toEqual(new Set(DEMO_CITIES.map((city) => city.name)));
    const busiest = [...perCity].sort((a, b) => b[1] - a[1])[0];
    expect(busiest?.[0]).toBe('上海');
  });

  it('writes addresses as city, district, street and number', () => {
    for (const location of locations) {
      const city = getDemoCity(location.city);
      const district = city.districts.find((candidate) => candidate.name === location.district);
      expect(district?.streets).toContain(location.street);
      expect(location.address.startsWith(`${location.city}市${location.district}${location.street}`)).toBe(true);
      expect(location.address).toMatch(/\d+(号|弄)/);
    }
  });

  it('uses lanes in Shanghai homes and flats with units elsewhere', () => {
    const rng = createDemoRandom(11);
    expect(demoLocation(rng, { site: 'home', city: getDemoCity('上海') }).address).toMatch(/\d+弄\d+号\d+室$/);
    expect(demoLocation(rng, { site: 'home', city: getDemoCity('北京') }).address).toMatch(/\d+栋\d+单元\d+$/);
    expect(demoLocation(rng, { site: 'office', city: getDemoCity('深圳') }).address).toMatch(/号.+\d+室$/);
  });

  it('refuses a city it does not know', () => {
    expect(() => getDemoCity('Gotham')).toThrow(RangeError);
  });
});
