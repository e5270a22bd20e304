import { describe, expect, it } from 'vitest';
import type { DemoContactPoint, DemoCustomer } from './demo.types.ts';
import { getDemoCity, isInsideCityBox } from './demo-cities.ts';
import { demoCustomers } from './demo-customers.ts';
import { createDemoRandom } from './demo-random.ts';

// The shapes people type numbers in; written out here independently of the generator.
const MOBILE_SHAPES = [
  /^1[3-9]\d{9}$/, // 13800138000
  /^1[3-9]\d \d{4} \d{4}$/, // 138 0013 8000
  /^1[3-9]\d-\d{4}-\d{4}$/, // 138-0013-8000
  /^\+86 1[3-9]\d-\d{4}-\d{4}$/, // +86 139-1234-5678
  /^\+86 1[3-9]\d{9}$/, // +86 13912345678
  /^\+861[3-9]\d{9}$/, // +8613912345678
];
const LANDLINE_SHAPES = [
  /^0\d{2,3}-[2-8]\d{7}$/, // 021-61234567
  /^\+86-[1-9]\d{1,2}-[2-8]\d{7}$/, // +86-10-12345678
  /^\(0\d{2,3}\) [2-8]\d{3} \d{4}$/, // (021) 6123 4567
  /^0\d{2,3}-[2-8]\d{7}-\d{3,4}$/, // 021-61234567-8021
];
const EMAIL_DOMAIN = /@([a-z0-9-]+\.)*(example\.(com|cn|net)|test)$/;
const WECOM_ID = /^wm[0-9A-Za-z_-]{22}$/;
const HANZI = /^[\u4e00-\u9fff]+$/;

const generate = (seed: number, count = 2_000): DemoCustomer[] => demoCustomers(createDemoRandom(seed), count);

const mobileKey = (value: string): string => value.replace(/\D/g, '').slice(-11);
const landlineKey = (value: string): string =>
  value
    .replace(/^\+86-/, '0')
    .replace(/[()]/g, '')
    .replace(' ', '-')
    .replace(/ /g, '')
    .split('-')
    .slice(0, 2)
    .join('-');
const pointKey = (point: DemoContactPoint): string => {
  if (point.kind === 'mobile') return `mobile:${mobileKey(point.value)}`;
  if (point.kind === 'landline') return `landline:${landlineKey(point.value)}`;
  return `${point.kind}:${point.value.toLowerCase()}`;
};

describe('demoCustomers', () => {
  const customers = generate(42);

  it('produces the same customers for the same seed', () => {
    expect(generate(42)).toEqual(customers);
  });

  it('produces different customers for another seed', () => {
    expect(generate(43)).not.toEqual(customers);
  });

  it('mixes people and organisations', () => {
    const organisations = customers.filter((customer) => customer.kind === 'organization');
    expect(organisations.length / customers.length).toBeGreaterThan(0.1);
    expect(organisations.length / customers.length).toBeLessThan(0.4);
    for (const organisation of organisations) expect(organisation.contactName).not.toBeNull();
  });

  it('gives people Chinese names of two to four characters', () => {
    for (const customer of customers.filter((c) => c.kind === 'person' && c.duplicateOf === undefined)) {
      expect(customer.name).toMatch(HANZI);
      expect(customer.name.length).toBeGreaterThanOrEqual(2);
      expect(customer.name.length).toBeLessThanOrEqual(4);
    }
  });

  it('gives every customer one to three contact points', () => {
    for (const customer of customers) {
      expect(customer.contactPoints.length).toBeGreaterThanOrEqual(1);
      expect(customer.contactPoints.length).toBeLessThanOrEqual(3);
    }
  });

  it('formats every phone number in one of the expected shapes', () => {
    const points = customers.flatMap((customer) => customer.contactPoints);
    const mobiles = points.filter((point) => point.kind === 'mobile');
    const landlines = points.filter((point) => point.kind === 'landline');
    expect(mobiles.length).toBeGreaterThan(1_000);
    expect(landlines.length).toBeGreaterThan(100);
    for (const { value } of mobiles)
      expect(
        MOBILE_SHAPES.some((shape) => shape.test(value)),
        value,
      ).toBe(true);
    for (const { value } of landlines)
      expect(
        LANDLINE_SHAPES.some((shape) => shape.test(value)),
        value,
      ).toBe(true);
    for (const shape of [...MOBILE_SHAPES, ...LANDLINE_SHAPES]) {
      expect(
        points.some((point) => shape.test(point.value)),
        String(shape),
      ).toBe(true);
    }
  });

  it('uses only reserved or example domains for e-mail', () => {
    const emails = customers.flatMap((c) => c.contactPoints).filter((point) => point.kind === 'email');
    expect(emails.length).toBeGreaterThan(500);
    for (const { value } of emails) expect(value.toLowerCase()).toMatch(EMAIL_DOMAIN);
  });

  it('shapes WeCom ids like external contact ids', () => {
    const ids = customers.flatMap((c) => c.contactPoints).filter((point) => point.kind === 'wecom');
    expect(ids.length).toBeGreaterThan(20);
    for (const { value } of ids) expect(value).toMatch(WECOM_ID);
  });

  it('dials landlines with the area code of the customer city', () => {
    for (const customer of customers) {
      const { areaCode } = getDemoCity(customer.location.city);
      for (const point of customer.contactPoints.filter((p) => p.kind === 'landline')) {
        expect(landlineKey(point.value).startsWith(`${areaCode}-`)).toBe(true);
      }
    }
  });

  it('places every customer inside the box of their city', () => {
    for (const { location } of customers) {
      expect(isInsideCityBox(getDemoCity(location.city), location.lat, location.lng)).toBe(true);
    }
  });

  it('marks a few near-duplicates that point at an earlier original', () => {
    const duplicates = customers.flatMap((customer, index) =>
      customer.duplicateOf === undefined ? [] : [{ customer, index, of: customer.duplicateOf }],
    );
    expect(duplicates.length / customers.length).toBeGreaterThan(0.01);
    expect(duplicates.length / customers.length).toBeLessThan(0.06);
    for (const { index, of } of duplicates) {
      expect(of).toBeLessThan(index);
      expect(customers[of]?.duplicateOf).toBeUndefined();
    }
  });

  it('shares a contact point with the original but writes it differently', () => {
    let reformatted = 0;
    for (const customer of customers.filter((c) => c.duplicateOf !== undefined)) {
      const original = customers[customer.duplicateOf!]!;
      const originalKeys = new Set(original.contactPoints.map(pointKey));
      const shared = customer.contactPoints.filter((point) => originalKeys.has(pointKey(point)));
      expect(shared.length).toBeGreaterThan(0);
      const originalValues = new Set(original.contactPoints.map((point) => point.value));
      if (shared.some((point) => !originalValues.has(point.value))) reformatted++;
    }
    expect(reformatted).toBeGreaterThan(0);
  });

  it('accepts a custom duplicate rate', () => {
    const none = demoCustomers(createDemoRandom(1), 500, { duplicateRate: 0 });
    expect(none.some((customer) => customer.duplicateOf !== undefined)).toBe(false);
  });
});
