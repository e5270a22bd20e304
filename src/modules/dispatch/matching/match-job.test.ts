import { describe, expect, it } from 'vitest';
import { matchJob } from './match-job.ts';
import { engineer, everyDay, job, NOW, PEOPLE_SQUARE } from './test-fixtures.ts';
import type { EngineerProfile, MatchResult, PartsAvailability } from './types.ts';

const codesOf = (result: MatchResult, id: string) =>
  result.excluded.find((e) => e.engineerId === id)?.reasons.map((r) => r.code) ?? 'eligible';
const rankedIds = (result: MatchResult) => result.ranked.map((c) => c.engineerId);
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe('matchJob: hard constraints', () => {
  const cases: [string, Partial<EngineerProfile>, Partial<Parameters<typeof job>[0]>, string[]][] = [
    ['off duty', { status: 'off' }, {}, ['OFF_DUTY']],
    ['not on shift', { shifts: everyDay('13:00', '18:00') }, {}, ['NOT_ON_SHIFT']],
    ['no shifts at all', { shifts: [] }, {}, ['NOT_ON_SHIFT']],
    ['on a break', { breaks: [{ start: '10:30', end: '11:30' }] }, {}, ['ON_BREAK']],
    ['missing skill', {}, { requiredSkills: [{ key: 'plumbing', minLevel: 1 }] }, ['SKILL_MISSING']],
    ['skill level too low', { skills: [{ key: 'hvac', level: 2 }] }, {}, ['SKILL_LEVEL_LOW']],
    ['missing certification', {}, { requiredCertifications: ['gas-safe'] }, ['CERTIFICATION_MISSING']],
    [
      'outside every territory',
      { territories: [{ kind: 'radius', center: { lat: 31.0, lng: 121.2 }, radiusKm: 5 }] },
      {},
      ['OUTSIDE_TERRITORY'],
    ],
    ['capacity reached', { jobsToday: 8, dailyCapacity: 8 }, {}, ['CAPACITY_REACHED']],
    [
      'parts not on the van',
      { vanParts: { 'FLT-01': 1 } },
      { parts: [{ sku: 'FLT-01', quantity: 2 }] },
      ['PARTS_UNAVAILABLE'],
    ],
    ['position unknown', { home: null, location: null }, {}, ['POSITION_UNKNOWN']],
    ['invalid time zone', { timeZone: 'Mars/Olympus' }, {}, ['TIME_ZONE_INVALID']],
  ];

  it.each(cases)('excludes an engineer who is %s, with that reason only', (_label, who, what, codes) => {
    const result = matchJob(job(what), [engineer(who)], { now: NOW });
    expect(result.ranked).toEqual([]);
    expect(codesOf(result, 'e1')).toEqual(codes);
    expect(result.excluded[0]?.reasons[0]?.text.zh).toMatch(/\S/);
    expect(result.excluded[0]?.reasons[0]?.text.en).toMatch(/\S/);
    expect(result.unassignableReason?.code).toBe(codes[0]);
  });

  it('lists every failed constraint, not just the first', () => {
    const who = engineer({
      status: 'off',
      shifts: [],
      skills: [{ key: 'hvac', level: 1 }],
      certifications: [],
      territories: [{ kind: 'radius', center: { lat: 30, lng: 120 }, radiusKm: 1 }],
      jobsToday: 9,
      dailyCapacity: 8,
    });
    const what = job({
      requiredSkills: [
        { key: 'hvac', minLevel: 3 },
        { key: 'plumbing', minLevel: 2 },
      ],
      requiredCertifications: ['gas-safe', 'electrician'],
      parts: [{ sku: 'FLT-01', quantity: 1 }],
    });
    const result = matchJob(what, [who], { now: NOW });
    expect(codesOf(result, 'e1')).toEqual([
      'OFF_DUTY',
      'NOT_ON_SHIFT',
      'SKILL_LEVEL_LOW',
      'SKILL_MISSING',
      'CERTIFICATION_MISSING',
      'CERTIFICATION_MISSING',
      'OUTSIDE_TERRITORY',
      'CAPACITY_REACHED',
      'PARTS_UNAVAILABLE',
    ]);
    const reasons = result.excluded[0]?.reasons ?? [];
    expect(reasons[2]?.params).toEqual({ skill: 'hvac', level: 1, minLevel: 3 });
    expect(reasons[8]?.params).toEqual({ missing: 'FLT-01×1' });
    expect(reasons[2]?.text).toEqual({ zh: '技能 hvac 为 1 级，低于要求的 3 级', en: 'skill hvac level 1 < 3' });
  });

  it('accepts a job inside a polygon territory, on its edge, and refuses one in a concave notch', () => {
    // An L-shaped territory around People's Square, with the north-east quarter cut out.
    const { lat, lng } = PEOPLE_SQUARE;
    const points = [
      { lat, lng },
      { lat, lng: lng + 0.2 },
      { lat: lat + 0.1, lng: lng + 0.2 },
      { lat: lat + 0.1, lng: lng + 0.1 },
      { lat: lat + 0.2, lng: lng + 0.1 },
      { lat: lat + 0.2, lng },
    ];
    const who = engineer({ territories: [{ kind: 'polygon', points }] });
    const at = (dLat: number, dLng: number) =>
      codesOf(matchJob(job({ location: { lat: lat + dLat, lng: lng + dLng } }), [who], { now: NOW }), 'e1');
    expect(at(0.05, 0.05)).toBe('eligible');
    expect(at(0, 0.05)).toBe('eligible'); // on the southern edge
    expect(at(0.15, 0.1)).toBe('eligible'); // on the inner edge of the notch
    expect(at(0.15, 0.15)).toEqual(['OUTSIDE_TERRITORY']); // in the notch
    // A second territory that covers the notch makes the engineer eligible again.
    const twoTerritories = engineer({
      territories: [
        { kind: 'polygon', points },
        { kind: 'radius', center: { lat: lat + 0.15, lng: lng + 0.15 }, radiusKm: 1 },
      ],
    });
    expect(
      codesOf(matchJob(job({ location: { lat: lat + 0.15, lng: lng + 0.15 } }), [twoTerritories], { now: NOW }), 'e1'),
    ).toBe('eligible');
  });

  it('matches shifts in the engineer’s own zone across the New York DST change', () => {
    const nyEngineer = engineer({
      timeZone: 'America/New_York',
      shifts: [
        { weekday: 'sat', start: '22:00', end: '06:00' },
        { weekday: 'sun', start: '08:00', end: '17:00' },
      ],
      breaks: [],
    });
    const at = (iso: string) => codesOf(matchJob(job(), [nyEngineer], { now: new Date(iso) }), 'e1');
    expect(at('2026-03-08T09:30:00Z')).toBe('eligible'); // Sun 05:30 EDT, night shift from Saturday
    expect(at('2026-03-08T10:30:00Z')).toEqual(['NOT_ON_SHIFT']); // Sun 06:30 EDT
    expect(at('2026-03-08T12:30:00Z')).toBe('eligible'); // Sun 08:30 EDT
    const notOnShift = matchJob(job(), [nyEngineer], { now: new Date('2026-03-08T10:30:00Z') }).excluded[0]?.reasons[0];
    expect(notOnShift?.params).toEqual({ localTime: 'sun 06:30' });
  });

  it('makes a job without a location unassignable with NO_LOCATION', () => {
    const result = matchJob(job({ location: null }), [engineer(), engineer({ id: 'e2', status: 'off' })], {
      now: NOW,
    });
    expect(result.ranked).toEqual([]);
    expect(codesOf(result, 'e1')).toEqual(['NO_LOCATION']);
    expect(codesOf(result, 'e2')).toEqual(['OFF_DUTY', 'NO_LOCATION']);
    expect(result.unassignableReason?.code).toBe('NO_LOCATION');
    expect(result.unassignableReason?.text.zh).toContain('没有地址');
  });

  it('summarises the most common exclusion when nobody is eligible, and never stays silent', () => {
    const result = matchJob(
      job(),
      [
        engineer({ id: 'a', status: 'off' }),
        engineer({ id: 'b', status: 'off', jobsToday: 8 }),
        engineer({ id: 'c', jobsToday: 8 }),
        engineer({ id: 'd', jobsToday: 9 }),
      ],
      { now: NOW },
    );
    expect(result.unassignableReason).toMatchObject({ code: 'CAPACITY_REACHED', params: { engineers: 3, total: 4 } });
    expect(result.unassignableReason?.text.en).toBe(
      'nobody is eligible; most common reason (3 of 4): daily capacity reached',
    );
    expect(matchJob(job(), [], { now: NOW }).unassignableReason?.code).toBe('NO_ENGINEERS');
    expect(matchJob(job(), [engineer()], { now: NOW }).unassignableReason).toBeNull();
  });
});

describe('matchJob: scoring and ranking', () => {
  it('explains a candidate with components, contributions and reasons', () => {
    const result = matchJob(job({ customerId: 'c9' }), [engineer({ recentCustomerIds: ['c9'] })], { now: NOW });
    const [top] = result.ranked;
    if (!top) throw new Error('expected a candidate');
    const sum = Object.values(top.components).reduce((total, c) => total + c.contribution, 0);
    expect(top.score).toBeCloseTo(sum, 9);
    expect(top.components.load.value).toBeCloseTo(1 - 3 / 8, 9);
    expect(top.components.rating.value).toBeCloseTo(0.9, 9);
    expect(top.components.continuity.value).toBe(1);
    expect(top.components.urgency.value).toBe(1); // no due time
    expect(top.components.travel.value).toBeCloseTo(1 / (1 + top.travelMinutes / 30), 9);
    expect(Math.abs(top.eta.getTime() - (NOW.getTime() + top.travelMinutes * 60_000))).toBeLessThan(1);
    const codes = top.reasons.map((r) => r.code);
    expect(codes).toEqual(['TRAVEL', 'LOAD', 'CONTINUITY', 'RATING', 'SKILL_MATCH']);
    expect(top.reasons.find((r) => r.code === 'TRAVEL')?.text.en).toBe('1.5 km away, 4 min (from home)');
    expect(top.reasons.find((r) => r.code === 'LOAD')?.text).toEqual({ zh: '今日 3/8 单', en: '3 of 8 jobs today' });
    expect(top.reasons.find((r) => r.code === 'SKILL_MATCH')?.text.en).toBe('skill hvac level 4 ≥ 3');
    expect(top.reasons.find((r) => r.code === 'CONTINUITY')?.text.en).toBe('served this customer before');
  });

  it('ranks continuity: the engineer who served the customer wins when all else is equal', () => {
    const result = matchJob(
      job({ customerId: 'c7' }),
      [engineer({ id: 'a' }), engineer({ id: 'b', recentCustomerIds: ['c7'] })],
      { now: NOW },
    );
    expect(rankedIds(result)).toEqual(['b', 'a']);
  });

  it('moves the ranking in the direction of the weights', () => {
    // `near` is close but busy; `free` is farther away with an empty day.
    const near = engineer({ id: 'near', home: { lat: 31.241, lng: 121.481 }, jobsToday: 7 });
    const free = engineer({ id: 'free', home: { lat: 31.3, lng: 121.55 }, jobsToday: 0 });
    const base = { load: 0, urgency: 0, rating: 0, continuity: 0, travel: 0 };
    expect(rankedIds(matchJob(job(), [near, free], { now: NOW, weights: { ...base, travel: 1 } }))).toEqual([
      'near',
      'free',
    ]);
    expect(rankedIds(matchJob(job(), [near, free], { now: NOW, weights: { ...base, load: 1 } }))).toEqual([
      'free',
      'near',
    ]);
    const rated = engineer({ id: 'rated', home: { lat: 31.3, lng: 121.55 }, rating: 5 });
    const unrated = engineer({ id: 'unrated', rating: null });
    expect(rankedIds(matchJob(job(), [unrated, rated], { now: NOW, weights: { ...base, rating: 1 } }))).toEqual([
      'rated',
      'unrated',
    ]);
  });

  it('scores lateness against the due time, harder for P1', () => {
    const far = engineer({ home: { lat: 31.5, lng: 121.47 } }); // ≈ 30 km, ≈ 78 min
    const dueAt = new Date(NOW.getTime() + 30 * 60_000);
    const p1 = matchJob(job({ dueAt, priority: 'P1' }), [far], { now: NOW }).ranked[0];
    const p4 = matchJob(job({ dueAt, priority: 'P4' }), [far], { now: NOW }).ranked[0];
    expect(p1?.components.urgency.value).toBeLessThan(p4?.components.urgency.value ?? 0);
    expect(p1?.reasons.find((r) => r.code === 'LATE')?.params.priority).toBe('P1');
    const early = matchJob(job({ dueAt: new Date(NOW.getTime() + 3 * 3600_000) }), [far], { now: NOW }).ranked[0];
    expect(early?.components.urgency.value).toBe(1);
    expect(early?.reasons.some((r) => r.code === 'ON_TIME')).toBe(true);
  });

  it('measures travel from a fresh live location, else home, else a stale live location', () => {
    const home = { lat: 31.3, lng: 121.55 };
    const there = { lat: 31.2401, lng: 121.4801 };
    const live = engineer({ id: 'live', home, location: { point: there, at: minutesAgo(10) } });
    const stale = engineer({ id: 'stale', home, location: { point: there, at: minutesAgo(45) } });
    const staleNoHome = engineer({ id: 'staleNoHome', home: null, location: { point: there, at: minutesAgo(45) } });
    const result = matchJob(job(), [live, stale, staleNoHome], { now: NOW });
    const source = (id: string) =>
      result.ranked.find((c) => c.engineerId === id)?.reasons.find((r) => r.code === 'TRAVEL')?.params.source;
    expect(source('live')).toBe('live');
    expect(source('stale')).toBe('home');
    expect(source('staleNoHome')).toBe('stale');
    const minutes = (id: string) => result.ranked.find((c) => c.engineerId === id)?.travelMinutes ?? Number.NaN;
    expect(minutes('live')).toBeLessThan(1);
    expect(minutes('stale')).toBeGreaterThan(10);
  });

  it('checks parts on the van by default and accepts a custom availability check', () => {
    const parts = [{ sku: 'FLT-01', quantity: 2 }];
    const stocked = engineer({ id: 'stocked', vanParts: { 'FLT-01': 2 } });
    const empty = engineer({ id: 'empty' });
    const byVan = matchJob(job({ parts }), [stocked, empty], { now: NOW });
    expect(rankedIds(byVan)).toEqual(['stocked']);
    expect(byVan.ranked[0]?.reasons.find((r) => r.code === 'PARTS_AVAILABLE')?.params.source).toBe('van');
    expect(byVan.excluded[0]?.reasons[0]?.params).toEqual({ missing: 'FLT-01×2' });

    const warehouse: PartsAvailability = (who) =>
      who.id === 'empty' ? { ok: true, source: 'warehouse' } : { ok: true, source: 'van' };
    const byWarehouse = matchJob(job({ parts }), [stocked, empty], { now: NOW, parts: warehouse });
    expect(byWarehouse.excluded).toEqual([]);
    const reason = byWarehouse.ranked
      .find((c) => c.engineerId === 'empty')
      ?.reasons.find((r) => r.code === 'PARTS_AVAILABLE');
    expect(reason?.params.source).toBe('warehouse');
    expect(reason?.text.zh).toContain('仓库');
  });

  it('sorts ties by travel then id, and caps only ranked with limit', () => {
    const same = { home: { lat: 31.27, lng: 121.47 } };
    const engineers = [
      engineer({ id: 'c', ...same }),
      engineer({ id: 'a', ...same }),
      engineer({ id: 'b' }), // closer, same otherwise
      engineer({ id: 'x', status: 'off' }),
    ];
    const result = matchJob(job(), engineers, {
      now: NOW,
      weights: { travel: 0, load: 1, urgency: 0, rating: 0, continuity: 0 },
    });
    expect(rankedIds(result)).toEqual(['b', 'a', 'c']);
    const limited = matchJob(job(), engineers, { now: NOW, limit: 1 });
    expect(limited.ranked).toHaveLength(1);
    expect(limited.excluded).toHaveLength(1);
    expect(limited.unassignableReason).toBeNull();
  });

  it('refuses bad options', () => {
    expect(() => matchJob(job(), [], { now: new Date('nope') })).toThrow(/now/);
    expect(() => matchJob(job(), [], { now: NOW, limit: -1 })).toThrow(/limit/);
    expect(() => matchJob(job(), [], { now: NOW, travel: { speedKmh: 0, roadFactor: 1.3 } })).toThrow(/travel/);
    expect(() =>
      matchJob(job(), [], { now: NOW, weights: { travel: 0, load: 0, urgency: 0, rating: 0, continuity: 0 } }),
    ).toThrow(/weights/);
  });
});
