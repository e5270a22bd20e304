// Deterministic Chinese demo content for `loopdesk seed-demo` and the seeding benchmarks.
// Pure functions over a seeded random source: the same seed always yields the same content.

export type {
  DemoCategory,
  DemoChannel,
  DemoComment,
  DemoContactPoint,
  DemoContactPointKind,
  DemoCustomer,
  DemoDeskStatus,
  DemoDeskTicket,
  DemoFieldStatus,
  DemoFieldTicket,
  DemoLanguage,
  DemoLocation,
  DemoPriority,
  DemoRole,
  DemoStaff,
  DemoStaffMember,
  DemoTeam,
  DemoTicket,
} from './demo.types.ts';
/** Addresses in real Chinese cities with invented numbers, and the city boxes the coordinates stay in. */
export {
  DEMO_CITIES,
  type DemoCity,
  type DemoCityBox,
  type DemoDistrict,
  getDemoCity,
  isInsideCityBox,
} from './demo-cities.ts';
/** Customers (people and organisations) with 1–3 contact points and ~3% marked near-duplicates. */
export { DEMO_DUPLICATE_RATE, type DemoCustomerOptions, demoCustomers } from './demo-customers.ts';
export { DEMO_CATEGORIES } from './demo-issues.ts';
export { type DemoLocationOptions, type DemoSiteKind, demoLocation, demoLocations } from './demo-locations.ts';
/** Seeded random source (mulberry32); `createDemoRandom(seed)` starts one, `weightedTable` prepares weighted draws. */
export { createDemoRandom, type DemoRandom, type WeightedTable, weightedTable } from './demo-random.ts';

/** The fixed demo roster and its four teams. */
export { demoStaff } from './demo-staff.ts';
/** Tickets, oldest first, with follow-up timelines; `streamDemoTickets` yields the same sequence lazily. */
export {
  DEMO_ENGLISH_SHARE,
  DEMO_TAGS,
  type DemoTicketOptions,
  demoTickets,
  streamDemoTickets,
} from './demo-tickets.ts';
