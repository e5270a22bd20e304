import type { DemoContactPoint, DemoCustomer } from './demo.types.ts';
import type { DemoCity } from './demo-cities.ts';
import {
  formatLandline,
  formatMobile,
  LANDLINE_FORMATS,
  type Landline,
  type LandlineFormat,
  MOBILE_FORMATS,
  type MobileFormat,
  otherFormat,
  personalEmailDomain,
  pinyinLocalPart,
  randomLandline,
  randomMobileDigits,
  randomWecomId,
} from './demo-contact-points.ts';
import { demoLocation, pickDemoCity } from './demo-locations.ts';
import {
  BRANDS,
  CONTACT_TITLES,
  GIVEN_NAMES,
  INDUSTRIES,
  type NamePart,
  ORGANIZATION_SUFFIXES,
  SURNAMES,
} from './demo-names.ts';
import { type DemoRandom, skewedIndex } from './demo-random.ts';

/** Share of customers that are near-duplicates of an earlier one. */
export const DEMO_DUPLICATE_RATE = 0.03;
const ORGANIZATION_RATE = 0.22;
const MAX_CONTACT_POINTS = 3;

// What was generated for a customer before formatting, so a near-duplicate can reuse the same number.
type ContactSource = {
  mobile: string | null;
  mobileFormat: MobileFormat;
  landline: Landline | null;
  landlineFormat: LandlineFormat;
  email: string | null;
  wecom: string | null;
  surname: string;
  shortName: string;
};

const MOBILE_FORMAT_LIST = MOBILE_FORMATS.values;
const LANDLINE_FORMAT_LIST = LANDLINE_FORMATS.values;
const ROLE_MAILBOXES = ['service', 'admin', 'it', 'facility', 'office', 'support'] as const;

const pickSurname = (rng: DemoRandom): NamePart => SURNAMES[skewedIndex(rng, SURNAMES.length, 1.8)]!;

const emptySource = (surname: string, shortName: string): ContactSource => ({
  mobile: null,
  mobileFormat: 'plain',
  landline: null,
  landlineFormat: 'local',
  email: null,
  wecom: null,
  surname,
  shortName,
});

// Order is the order of preference; the first point is the customer's primary one.
const toContactPoints = (source: ContactSource): DemoContactPoint[] => {
  const points: DemoContactPoint[] = [];
  if (source.mobile !== null) points.push({ kind: 'mobile', value: formatMobile(source.mobile, source.mobileFormat) });
  if (source.landline !== null) {
    points.push({ kind: 'landline', value: formatLandline(source.landline, source.landlineFormat) });
  }
  if (source.email !== null) points.push({ kind: 'email', value: source.email });
  if (source.wecom !== null) points.push({ kind: 'wecom', value: source.wecom });
  return points.slice(0, MAX_CONTACT_POINTS);
};

const addMobile = (rng: DemoRandom, source: ContactSource): void => {
  source.mobile = randomMobileDigits(rng);
  source.mobileFormat = rng.weighted(MOBILE_FORMATS);
};

const person = (rng: DemoRandom, city: DemoCity): { customer: DemoCustomer; source: ContactSource } => {
  const [surname, surnamePinyin] = pickSurname(rng);
  const [given, givenPinyin] = rng.pick(GIVEN_NAMES);
  const source = emptySource(surname, surname + given);
  if (rng.chance(0.92)) addMobile(rng, source);
  if (rng.chance(0.08)) {
    source.landline = randomLandline(rng, city.areaCode);
    source.landlineFormat = rng.weighted(LANDLINE_FORMATS);
  }
  if (rng.chance(0.45) || source.mobile === null) {
    source.email = `${pinyinLocalPart(rng, surnamePinyin, givenPinyin)}@${personalEmailDomain(rng)}`;
  }
  if (rng.chance(0.1)) source.wecom = randomWecomId(rng);
  const customer: DemoCustomer = {
    kind: 'person',
    name: surname + given,
    contactName: null,
    contactPoints: toContactPoints(source),
    location: demoLocation(rng, { site: 'home', city }),
    vip: rng.chance(0.03),
  };
  return { customer, source };
};

const organization = (rng: DemoRandom, city: DemoCity): { customer: DemoCustomer; source: ContactSource } => {
  const [brand, brandPinyin] = rng.pick(BRANDS);
  const [surname, surnamePinyin] = pickSurname(rng);
  const [given, givenPinyin] = rng.pick(GIVEN_NAMES);
  let name: string;
  let shortName: string;
  let domain: string;
  if (rng.chance(0.8)) {
    const industry = rng.pick(INDUSTRIES);
    name = `${city.name}${brand}${industry.name}`;
    shortName = brand + industry.short;
    domain = rng.chance(0.5) ? `${brandPinyin}.example.cn` : `${brandPinyin}-${industry.pinyin}.example.com`;
  } else {
    const [suffix, suffixPinyin] = rng.pick(ORGANIZATION_SUFFIXES);
    name = brand + suffix;
    shortName = name;
    domain = `${brandPinyin}-${suffixPinyin}.test`;
  }
  const source = emptySource(surname, shortName);
  if (rng.chance(0.7)) {
    source.landline = randomLandline(rng, city.areaCode);
    source.landlineFormat = rng.weighted(LANDLINE_FORMATS);
  }
  if (rng.chance(0.6)) addMobile(rng, source);
  if (rng.chance(0.7) || (source.mobile === null && source.landline === null)) {
    const local = rng.chance(0.5) ? rng.pick(ROLE_MAILBOXES) : pinyinLocalPart(rng, surnamePinyin, givenPinyin);
    source.email = `${local}@${domain}`;
  }
  if (rng.chance(0.15)) source.wecom = randomWecomId(rng);
  // Mobile first reads oddly for a company; the switchboard or mailbox is the primary point.
  const points = toContactPoints(source);
  if (points.length > 1 && points[0]?.kind === 'mobile' && rng.chance(0.7)) points.push(points.shift()!);
  const customer: DemoCustomer = {
    kind: 'organization',
    name,
    contactName: rng.chance(0.6) ? surname + rng.pick(CONTACT_TITLES) : surname + given,
    contactPoints: points,
    location: demoLocation(rng, { site: 'office', city }),
    vip: rng.chance(0.15),
  };
  return { customer, source };
};

// Capitalisation is the cheapest believable e-mail variant: 'Zhangwei@example.com'.
const emailVariant = (email: string): string => email.charAt(0).toUpperCase() + email.slice(1);

// Same person or company entered a second time: one shared point, formatted differently, and a looser name.
const nearDuplicate = (rng: DemoRandom, original: DemoCustomer, source: ContactSource): DemoCustomer => {
  const points: DemoContactPoint[] = [];
  if (source.mobile !== null) {
    const format = otherFormat(rng, MOBILE_FORMAT_LIST, source.mobileFormat);
    points.push({ kind: 'mobile', value: formatMobile(source.mobile, format) });
  } else if (source.landline !== null) {
    const format = otherFormat(rng, LANDLINE_FORMAT_LIST, source.landlineFormat);
    points.push({ kind: 'landline', value: formatLandline(source.landline, format) });
  }
  if (source.email !== null && (points.length === 0 || rng.chance(0.4))) {
    points.push({ kind: 'email', value: emailVariant(source.email) });
  }
  if (points.length === 0 && source.wecom !== null) points.push({ kind: 'wecom', value: source.wecom });
  let name = original.name;
  if (original.kind === 'person' && rng.chance(0.3)) name = source.surname + (rng.chance(0.5) ? '先生' : '女士');
  if (original.kind === 'organization' && rng.chance(0.4)) name = source.shortName;
  return {
    kind: original.kind,
    name,
    contactName: original.contactName,
    contactPoints: points,
    location: original.location,
    vip: original.vip,
  };
};

export type DemoCustomerOptions = {
  /** Share of near-duplicates; defaults to `DEMO_DUPLICATE_RATE`. */
  duplicateRate?: number;
};

/** `count` customers, people and organisations, with a few deliberate near-duplicates marked `duplicateOf`. */
export const demoCustomers = (rng: DemoRandom, count: number, options: DemoCustomerOptions = {}): DemoCustomer[] => {
  const duplicateRate = options.duplicateRate ?? DEMO_DUPLICATE_RATE;
  const customers: DemoCustomer[] = [];
  const sources: ContactSource[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && rng.chance(duplicateRate)) {
      let originalIndex = rng.int(0, i - 1);
      originalIndex = customers[originalIndex]!.duplicateOf ?? originalIndex;
      const source = sources[originalIndex]!;
      const duplicate = nearDuplicate(rng, customers[originalIndex]!, source);
      duplicate.duplicateOf = originalIndex;
      customers.push(duplicate);
      sources.push(source);
      continue;
    }
    const city = pickDemoCity(rng);
    const { customer, source } = rng.chance(ORGANIZATION_RATE) ? organization(rng, city) : person(rng, city);
    customers.push(customer);
    sources.push(source);
  }
  return customers;
};
