import { describe, expect, it } from 'vitest';
import type { DemoChannel, DemoTicket } from './demo.types.ts';
import { getDemoCity, isInsideCityBox } from './demo-cities.ts';
import { demoCustomers } from './demo-customers.ts';
import { CATEGORY_TAGS } from './demo-issues.ts';
import { createDemoRandom } from './demo-random.ts';
import { demoStaff } from './demo-staff.ts';
import { DEMO_TAGS, type DemoTicketOptions, demoTickets, streamDemoTickets } from './demo-tickets.ts';

const NOW = new Date('2025-06-02T03:30:00.000Z');
const DAY_MS = 86_400_000;
const CHANNELS: readonly DemoChannel[] = ['phone', 'email', 'web', 'wecom', 'wechat', 'dingtalk', 'sms', 'api'];
const DESK_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'];
const FIELD_STATUSES = [
  'new',
  'dispatched',
  'accepted',
  'en_route',
  'on_site',
  'in_service',
  'pending_customer',
  'pending_parts',
  'resolved',
  'closed',
  'cancelled',
];

const customers = demoCustomers(createDemoRandom(1), 500);

const options = (count: number, overrides: Partial<DemoTicketOptions> = {}): DemoTicketOptions => ({
  count,
  customers,
  now: NOW,
  days: 60,
  ...overrides,
});

const generate = (seed: number, count: number): DemoTicket[] => demoTickets(createDemoRandom(seed), options(count));

const share = (tickets: readonly DemoTicket[], predicate: (ticket: DemoTicket) => boolean): number =>
  tickets.filter(predicate).length / tickets.length;

describe('demoTickets', () => {
  const tickets = generate(7, 1_000);
  const ms = (iso: string): number => new Date(iso).getTime();

  it('produces the same tickets for the same seed and different ones for another', () => {
    expect(generate(7, 1_000)).toEqual(tickets);
    expect(generate(8, 1_000)).not.toEqual(tickets);
  });

  it('streams exactly what it would return as an array', () => {
    expect([...streamDemoTickets(createDemoRandom(7), options(1_000))]).toEqual(tickets);
  });

  it('makes P3 the most common priority and uses all four', () => {
    const counts = new Map<string, number>();
    for (const { priority } of tickets) counts.set(priority, (counts.get(priority) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    expect(ranked[0]?.[0]).toBe('P3');
    expect(counts.size).toBe(4);
  });

  it('writes mostly Chinese with some English tickets', () => {
    const english = tickets.filter((ticket) => ticket.language === 'en');
    expect(english.length / tickets.length).toBeGreaterThan(0.08);
    expect(english.length / tickets.length).toBeLessThan(0.25);
    for (const ticket of english) expect(ticket.subject).toMatch(/^[\x20-\x7e]+$/);
    const chinese = tickets.filter((ticket) => ticket.language === 'zh');
    for (const ticket of chinese) expect(ticket.description).toMatch(/[\u4e00-\u9fff]/);
  });

  it('uses every channel, the phone most', () => {
    const used = new Set(tickets.map((ticket) => ticket.channel));
    expect(used).toEqual(new Set(CHANNELS));
    const phone = share(tickets, (ticket) => ticket.channel === 'phone');
    for (const channel of CHANNELS)
      expect(share(tickets, (ticket) => ticket.channel === channel)).toBeLessThanOrEqual(phone);
  });

  it('mixes desk tickets and field visits', () => {
    const field = share(tickets, (ticket) => ticket.type === 'field_service');
    expect(field).toBeGreaterThan(0.3);
    expect(field).toBeLessThan(0.8);
  });

  it('gives field visits a location inside their city box and desk tickets none', () => {
    for (const ticket of tickets) {
      if (ticket.type === 'desk') {
        expect(ticket.location).toBeNull();
        continue;
      }
      const { location } = ticket;
      expect(isInsideCityBox(getDemoCity(location.city), location.lat, location.lng)).toBe(true);
    }
  });

  it('only uses statuses that exist for the ticket type', () => {
    for (const ticket of tickets) {
      expect(ticket.type === 'desk' ? DESK_STATUSES : FIELD_STATUSES).toContain(ticket.status);
    }
  });

  it('closes most old tickets and leaves recent ones open', () => {
    const old = tickets.filter((ticket) => NOW.getTime() - ms(ticket.createdAt) > 14 * DAY_MS);
    const recent = tickets.filter((ticket) => NOW.getTime() - ms(ticket.createdAt) < 2 * DAY_MS);
    const finished = (ticket: DemoTicket) => ['resolved', 'closed', 'cancelled'].includes(ticket.status);
    expect(share(old, finished)).toBeGreaterThan(0.8);
    expect(share(recent, finished)).toBeLessThan(0.6);
  });

  it('creates tickets in order inside the window, weighted to working hours', () => {
    const start = NOW.getTime() - 60 * DAY_MS;
    let previous = start;
    for (const ticket of tickets) {
      const created = ms(ticket.createdAt);
      expect(created).toBeGreaterThanOrEqual(previous);
      expect(created).toBeLessThan(NOW.getTime());
      previous = created;
    }
    // China Standard Time is UTC+8.
    const localHour = (ticket: DemoTicket) => new Date(ms(ticket.createdAt) + 8 * 3_600_000).getUTCHours();
    expect(share(tickets, (ticket) => localHour(ticket) >= 9 && localHour(ticket) < 18)).toBeGreaterThan(0.55);
    expect(share(tickets, (ticket) => localHour(ticket) < 6)).toBeLessThan(0.05);
  });

  it('times follow-ups after creation, in order, and never after now', () => {
    let withComments = 0;
    for (const ticket of tickets) {
      let previous = ms(ticket.createdAt);
      if (ticket.comments.length > 0) withComments++;
      expect(ticket.comments.length).toBeLessThanOrEqual(6);
      for (const comment of ticket.comments) {
        const at = ms(comment.createdAt);
        expect(at).toBeGreaterThan(previous);
        expect(at).toBeLessThan(NOW.getTime());
        previous = at;
      }
      expect(ms(ticket.updatedAt)).toBe(previous);
    }
    expect(withComments / tickets.length).toBeGreaterThan(0.5);
  });

  it('has agent replies, customer replies and internal notes by real staff', () => {
    const emails = new Set(demoStaff().members.map((member) => member.email));
    const comments = tickets.flatMap((ticket) => ticket.comments);
    expect(new Set(comments.map((comment) => comment.kind))).toEqual(
      new Set(['agent_reply', 'customer_reply', 'internal_note']),
    );
    for (const comment of comments) {
      if (comment.kind !== 'customer_reply') expect(emails.has(comment.staffEmail)).toBe(true);
      expect(comment.body.length).toBeGreaterThan(0);
    }
  });

  it('records a resolution time exactly for resolved and closed tickets', () => {
    for (const ticket of tickets) {
      const finished = ticket.status === 'resolved' || ticket.status === 'closed';
      expect(ticket.resolvedAt !== null).toBe(finished);
      if (ticket.resolvedAt !== null) expect(ms(ticket.resolvedAt)).toBeGreaterThan(ms(ticket.createdAt));
    }
  });

  it('assigns field visits to engineers and desk tickets to agents, once triaged', () => {
    const roleOf = new Map(demoStaff().members.map((member) => [member.email, member.role]));
    for (const ticket of tickets) {
      if (ticket.status === 'new') expect(ticket.assigneeEmail).toBeNull();
      if (ticket.assigneeEmail === null) continue;
      expect(roleOf.get(ticket.assigneeEmail)).toBe(ticket.type === 'desk' ? 'agent' : 'engineer');
      expect(ticket.teamKey).not.toBeNull();
    }
  });

  it('tags from the known list, starting with the category', () => {
    const known = new Set(DEMO_TAGS);
    for (const ticket of tickets) {
      expect(ticket.tags[0]).toBe(CATEGORY_TAGS[ticket.category]);
      for (const tag of ticket.tags) expect(known.has(tag)).toBe(true);
      expect(new Set(ticket.tags).size).toBe(ticket.tags.length);
    }
    expect(tickets.some((ticket) => ticket.tags.includes('VIP'))).toBe(true);
    expect(tickets.some((ticket) => ticket.tags.includes('投诉'))).toBe(true);
  });

  it('points at existing customers', () => {
    for (const ticket of tickets) {
      expect(Number.isInteger(ticket.customerIndex)).toBe(true);
      expect(customers[ticket.customerIndex]).toBeDefined();
    }
  });

  it('rejects impossible options', () => {
    const rng = createDemoRandom(1);
    expect(() => demoTickets(rng, options(-1))).toThrow(RangeError);
    expect(() => demoTickets(rng, options(1.5))).toThrow(RangeError);
    expect(() => demoTickets(rng, options(10, { days: 0 }))).toThrow(RangeError);
    expect(() => demoTickets(rng, options(10, { customers: [] }))).toThrow(RangeError);
    expect(() => demoTickets(rng, options(10, { now: new Date(Number.NaN) }))).toThrow(RangeError);
    expect(() => streamDemoTickets(rng, options(10, { customers: [] }))).toThrow(RangeError);
    expect(demoTickets(rng, options(0, { customers: [] }))).toEqual([]);
  });

  it('generates 100k tickets in well under two seconds', () => {
    demoTickets(createDemoRandom(2), options(10_000));
    const started = performance.now();
    const many = demoTickets(createDemoRandom(3), options(100_000, { days: 365 }));
    const elapsed = performance.now() - started;
    expect(many).toHaveLength(100_000);
    expect(elapsed).toBeLessThan(2_000);
  }, 30_000);
});
