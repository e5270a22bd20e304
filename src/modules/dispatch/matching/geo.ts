import type { GeoPoint, Territory, TravelModel } from './types.ts';

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;
/** About a centimetre in degrees: a point this close to a polygon edge is on it. */
const EDGE_TOLERANCE_DEG = 1e-7;

/** Great-circle distance × 1.3 for the streets, at 30 km/h city speed. */
export const DEFAULT_TRAVEL: TravelModel = { speedKmh: 30, roadFactor: 1.3 };

export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

export function travelMinutes(from: GeoPoint, to: GeoPoint, model: TravelModel = DEFAULT_TRAVEL): number {
  return ((haversineKm(from, to) * model.roadFactor) / model.speedKmh) * 60;
}

function isOnSegment(p: GeoPoint, a: GeoPoint, b: GeoPoint): boolean {
  const dx = b.lng - a.lng;
  const dy = b.lat - a.lat;
  const length = Math.hypot(dx, dy);
  const cross = dx * (p.lat - a.lat) - dy * (p.lng - a.lng);
  if (Math.abs(cross) > EDGE_TOLERANCE_DEG * Math.max(length, EDGE_TOLERANCE_DEG)) return false;
  return (
    p.lng >= Math.min(a.lng, b.lng) - EDGE_TOLERANCE_DEG &&
    p.lng <= Math.max(a.lng, b.lng) + EDGE_TOLERANCE_DEG &&
    p.lat >= Math.min(a.lat, b.lat) - EDGE_TOLERANCE_DEG &&
    p.lat <= Math.max(a.lat, b.lat) + EDGE_TOLERANCE_DEG
  );
}

/** Even-odd ray casting on lat/lng as a plane; a point on an edge or vertex is inside. Fewer than 3 points: nothing is inside. */
export function isInPolygon(p: GeoPoint, points: GeoPoint[]): boolean {
  const n = points.length;
  if (n < 3) return false;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = points[i]!;
    const b = points[j]!;
    if (isOnSegment(p, a, b)) return true;
    if (a.lat > p.lat !== b.lat > p.lat) {
      const x = a.lng + ((p.lat - a.lat) * (b.lng - a.lng)) / (b.lat - a.lat);
      if (p.lng < x) inside = !inside;
    }
  }
  return inside;
}

export function isInTerritory(p: GeoPoint, territory: Territory): boolean {
  return territory.kind === 'radius'
    ? haversineKm(territory.center, p) <= territory.radiusKm
    : isInPolygon(p, territory.points);
}
