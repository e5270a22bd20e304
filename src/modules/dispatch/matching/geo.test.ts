import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAVEL, haversineKm, isInPolygon, isInTerritory, travelMinutes } from './geo.ts';

const square = [
  { lat: 0, lng: 0 },
  { lat: 0, lng: 1 },
  { lat: 1, lng: 1 },
  { lat: 1, lng: 0 },
];
// An L shape: the square [0,2]×[0,2] without its top-right quarter [1,2]×[1,2].
const lShape = [
  { lat: 0, lng: 0 },
  { lat: 0, lng: 2 },
  { lat: 1, lng: 2 },
  { lat: 1, lng: 1 },
  { lat: 2, lng: 1 },
  { lat: 2, lng: 0 },
];

describe('geo', () => {
  it('measures great-circle distances', () => {
    expect(haversineKm({ lat: 31.2304, lng: 121.4737 }, { lat: 39.9042, lng: 116.4074 })).toBeCloseTo(1067, -1);
    expect(haversineKm({ lat: 31.23, lng: 121.47 }, { lat: 31.23, lng: 121.47 })).toBe(0);
  });

  it('turns distance into minutes with the road factor and city speed', () => {
    const from = { lat: 31.23, lng: 121.47 };
    const to = { lat: 31.24, lng: 121.48 };
    const km = haversineKm(from, to);
    expect(travelMinutes(from, to)).toBeCloseTo(((km * 1.3) / 30) * 60, 9);
    expect(travelMinutes(from, to, { speedKmh: 60, roadFactor: 1 })).toBeCloseTo(km, 9);
    expect(DEFAULT_TRAVEL).toEqual({ speedKmh: 30, roadFactor: 1.3 });
  });

  it('finds points inside, outside and on the edge of a polygon', () => {
    expect(isInPolygon({ lat: 0.5, lng: 0.5 }, square)).toBe(true);
    expect(isInPolygon({ lat: 1.5, lng: 0.5 }, square)).toBe(false);
    expect(isInPolygon({ lat: 0, lng: 0.5 }, square)).toBe(true); // bottom edge
    expect(isInPolygon({ lat: 0.5, lng: 1 }, square)).toBe(true); // right edge
    expect(isInPolygon({ lat: 1, lng: 1 }, square)).toBe(true); // vertex
    expect(isInPolygon({ lat: 1 + 1e-5, lng: 0.5 }, square)).toBe(false);
    expect(isInPolygon({ lat: 0.5, lng: 0.5 }, square.slice(0, 2))).toBe(false);
  });

  it('handles a concave polygon', () => {
    expect(isInPolygon({ lat: 0.5, lng: 1.5 }, lShape)).toBe(true);
    expect(isInPolygon({ lat: 1.5, lng: 0.5 }, lShape)).toBe(true);
    expect(isInPolygon({ lat: 1.5, lng: 1.5 }, lShape)).toBe(false); // in the notch
    expect(isInPolygon({ lat: 1.5, lng: 1 }, lShape)).toBe(true); // on the inner edge
    expect(isInPolygon({ lat: 1, lng: 1.5 }, lShape)).toBe(true); // on the other inner edge
    expect(isInPolygon({ lat: 1, lng: 1 }, lShape)).toBe(true); // the reflex vertex
  });

  it('checks radius territories with haversine', () => {
    const center = { lat: 31.23, lng: 121.47 };
    const near = { lat: 31.25, lng: 121.47 }; // ≈ 2.2 km north
    expect(isInTerritory(near, { kind: 'radius', center, radiusKm: 3 })).toBe(true);
    expect(isInTerritory(near, { kind: 'radius', center, radiusKm: 2 })).toBe(false);
  });
});
