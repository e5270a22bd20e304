import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.ts';
import { checkSlaPolicy, choosePolicy, type SlaConditions, type SlaTicketFacts } from './sla-policy.ts';

const CALENDAR_ID = '0192b3c4-d5e6-7f80-9a1b-2c3d4e5f6a7b';
const ORGANISATION_ID = '0192b3c4-d5e6-7f80-9a1b-000000000001';

// The field errors checkSlaPolicy throws for a body, or a failure when it accepts it.
function problemsWith(body: unknown): { path: string; message: string }[] {
  try {
    checkSlaPolicy(body);
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return error.fieldErrors ?? [];
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

describe('checkSlaPolicy', () => {
  it('fills in the defaults for a minimal policy', () => {
    expect(checkSlaPolicy({ name: ' 标准 SLA ', targets: { resolution: 480 } })).toEqual({
      name: '标准 SLA',
      active: true,
      conditions: {},
      calendarId: null,
      targets: { resolution: 480 },
      warnAtPercent: [75],
      pauseStatuses: ['pending', 'pending_customer', 'pending_parts'],
    });
  });

  it('keeps a full policy and leaves out empty condition lists', () => {
    const policy = checkSlaPolicy({
      name: 'P1 VIP',
      position: 3,
      active: false,
      conditions: {
        priorities: ['P1', 'P2'],
        ticketTypes: ['repair'],
        channels: [],
        organisationIds: [ORGANISATION_ID.toUpperCase()],
        customerTiers: ['gold'],
      },
      calendarId: CALENDAR_ID,
      targets: { firstResponse: 15, nextUpdate: 60, onSite: 240, resolution: 480 },
      warnAtPercent: [50, 75, 90],
      pauseStatuses: [],
    });
    expect(policy).toEqual({
      name: 'P1 VIP',
      position: 3,
      active: false,
      conditions: {
        priorities: ['P1', 'P2'],
        ticketTypes: ['repair'],
        organisationIds: [ORGANISATION_ID],
        customerTiers: ['gold'],
      },
      calendarId: CALENDAR_ID,
      targets: { firstResponse: 15, nextUpdate: 60, onSite: 240, resolution: 480 },
      warnAtPercent: [50, 75, 90],
      pauseStatuses: [],
    });
  });

  it('refuses a body that is not an object', () => {
    expect(problemsWith([])).toEqual([{ path: '', message: 'The SLA policy must be a JSON object.' }]);
  });

  it('collects every problem with its JSON pointer', () => {
    expect(
      problemsWith({
        name: '',
        position: -1,
        active: 'yes',
        conditons: {},
        calendarId: 'shanghai',
        targets: { resolution: 0, firstResponse: 1.5, response: 10 },
        warnAtPercent: [75, 50, 100],
        pauseStatuses: ['pending', ''],
      }),
    ).toEqual([
      { path: '/conditons', message: '"conditons" is not an SLA policy field.' },
      { path: '/name', message: 'name must be 1 to 200 characters of text.' },
      { path: '/position', message: 'position must be a whole number from 0 to 1000000.' },
      { path: '/active', message: 'active must be true or false.' },
      { path: '/calendarId', message: 'calendarId must be a calendar id (a UUID), or null for 24×7.' },
      {
        path: '/targets/resolution',
        message: 'targets.resolution must be a whole number of minutes from 1 to 525600 (a year).',
      },
      {
        path: '/targets/firstResponse',
        message: 'targets.firstResponse must be a whole number of minutes from 1 to 525600 (a year).',
      },
      {
        path: '/targets/response',
        message: '"response" is not an SLA metric; use firstResponse, nextUpdate, onSite, resolution.',
      },
      { path: '/warnAtPercent/1', message: 'warnAtPercent must be in ascending order with no repeats.' },
      { path: '/warnAtPercent/2', message: 'Each warning percentage must be a whole number from 1 to 99.' },
      {
        path: '/pauseStatuses/1',
        message: 'Each entry of pauseStatuses must be non-empty text of at most 200 characters.',
      },
    ]);
  });

  it('says so in the error message and code', () => {
    expect(() => checkSlaPolicy({ name: 'x', targets: {} })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        message:
          'The SLA policy is not valid: targets must set at least one of firstResponse, nextUpdate, onSite, resolution.',
      }),
    );
  });

  it('refuses bad conditions entry by entry', () => {
    const long = Array.from({ length: 101 }, (_, i) => `c${i}`);
    expect(
      problemsWith({
        name: 'x',
        targets: { resolution: 60 },
        conditions: {
          priorities: ['P1', 'P5'],
          organisationIds: ['acme'],
          channels: long,
          ticketTypes: ['repair', 'repair'],
          customerTiers: 'gold',
          queue: ['a'],
        },
      }),
    ).toEqual([
      {
        path: '/conditions/queue',
        message: '"queue" is not a condition; use priorities, ticketTypes, channels, organisationIds, customerTiers.',
      },
      { path: '/conditions/priorities/1', message: '"P5" is not a priority; use P1, P2, P3 or P4.' },
      { path: '/conditions/ticketTypes/1', message: '"repair" is listed twice in conditions.ticketTypes.' },
      { path: '/conditions/channels', message: 'conditions.channels may hold at most 100 entries.' },
      { path: '/conditions/organisationIds/0', message: '"acme" is not an organisation id (a UUID).' },
      { path: '/conditions/customerTiers', message: 'conditions.customerTiers must be a list of text values.' },
    ]);
  });

  it('refuses a target longer than a year and a name longer than 200 characters', () => {
    expect(problemsWith({ name: '长'.repeat(201), targets: { onSite: 525_601 } }).map((e) => e.path)).toEqual([
      '/name',
      '/targets/onSite',
    ]);
    expect(checkSlaPolicy({ name: '长'.repeat(200), targets: { onSite: 525_600 } }).targets).toEqual({
      onSite: 525_600,
    });
  });
});

describe('choosePolicy', () => {
  const facts: SlaTicketFacts = {
    priority: 'P2',
    typeKey: 'repair',
    channel: 'wecom',
    organisationId: ORGANISATION_ID,
    customerTier: null,
  };
  const policy = (id: string, position: number, conditions: SlaConditions = {}, active = true) => ({
    id,
    position,
    active,
    conditions,
  });

  it('picks the matching active policy with the lowest position', () => {
    const chosen = choosePolicy(
      [
        policy('catch-all', 9),
        policy('p1-only', 0, { priorities: ['P1'] }),
        policy('inactive', 1, {}, false),
        policy('repairs-by-wecom', 2, { ticketTypes: ['repair'], channels: ['wecom', 'phone'] }),
        policy('this-organisation', 5, { organisationIds: [ORGANISATION_ID] }),
      ],
      facts,
    );
    expect(chosen?.id).toBe('repairs-by-wecom');
  });

  it('does not match a tier condition for a customer with no tier', () => {
    const chosen = choosePolicy([policy('gold', 0, { customerTiers: ['gold'] }), policy('rest', 1)], facts);
    expect(chosen?.id).toBe('rest');
  });

  it('treats an empty condition list as any', () => {
    expect(choosePolicy([policy('empty', 0, { priorities: [], channels: [] })], facts)?.id).toBe('empty');
  });

  it('breaks a tie in position by id, whatever the order given', () => {
    const a = policy('0192-a', 1);
    const b = policy('0192-b', 1);
    expect(choosePolicy([b, a], facts)?.id).toBe('0192-a');
    expect(choosePolicy([a, b], facts)?.id).toBe('0192-a');
  });

  it('answers null when nothing matches', () => {
    expect(choosePolicy([policy('p4', 0, { priorities: ['P4'] })], facts)).toBeNull();
    expect(choosePolicy([], facts)).toBeNull();
  });
});
