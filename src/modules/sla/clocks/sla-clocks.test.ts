import { describe, expect, it } from 'vitest';
import { agentReply, at, clocksByMetric, created, HOUR, MINUTE, statusChange } from './sla-clocks.fixtures.ts';

// Worked cases on China's 2026 standard calendar: Mon–Fri 09:00–18:00 Asia/Shanghai; Mid-Autumn Fri 25 – Sun 27
// September and National Day Thu 1 – Wed 7 October off; Sunday 20 September and Saturday 10 October worked.

describe('resolution across the 2026 holidays', () => {
  const createdWednesday = created('2026-09-30T17:00:00+08:00');

  it('runs an 8-hour target from Wed 30 September 17:00 over National Day to Thursday 8 October 16:00', () => {
    // 17:00–18:00 on the 30th is one hour; 1–7 October are closed; seven more hours on the 8th end at 16:00.
    const { resolution } = clocksByMetric({
      targets: { resolution: 480 },
      warnAtPercent: [50, 75],
      history: [createdWednesday],
      now: at('2026-10-05T12:00:00+08:00'),
    });
    expect(resolution).toMatchObject({
      status: 'running',
      startedAt: at('2026-09-30T17:00:00+08:00'),
      dueAt: at('2026-10-08T16:00:00+08:00'),
      metAt: null,
      breachedAt: null,
      usedMs: HOUR,
      pausedMs: 0,
      warnings: [
        { percent: 50, at: at('2026-10-08T12:00:00+08:00') },
        { percent: 75, at: at('2026-10-08T14:00:00+08:00') },
      ],
    });
  });

  it('reaches the make-up Saturday 10 October with a 24-hour target', () => {
    // 1 h on the 30th, 9 h on Thursday 8th, 9 h on Friday 9th, then 5 h of the make-up Saturday: 14:00. By
    // Friday 10:00, 1 + 9 + 1 hours are used.
    const { resolution } = clocksByMetric({
      targets: { resolution: 1440 },
      history: [createdWednesday],
      now: at('2026-10-09T10:00:00+08:00'),
    });
    expect(resolution?.dueAt).toEqual(at('2026-10-10T14:00:00+08:00'));
    expect(resolution?.usedMs).toBe(11 * HOUR);
  });

  it('counts the make-up Sunday 20 September', () => {
    const { resolution } = clocksByMetric({
      targets: { resolution: 240 },
      history: [created('2026-09-18T17:00:00+08:00')],
      now: at('2026-09-19T12:00:00+08:00'),
    });
    expect(resolution?.dueAt).toEqual(at('2026-09-20T12:00:00+08:00'));
  });

  it('skips Sunday 27 September, a Mid-Autumn holiday and not a make-up day', () => {
    const { resolution } = clocksByMetric({
      targets: { resolution: 240 },
      history: [created('2026-09-24T17:00:00+08:00')],
      now: at('2026-09-24T17:30:00+08:00'),
    });
    expect(resolution?.dueAt).toEqual(at('2026-09-28T12:00:00+08:00'));
  });

  it('is breached at the due instant once now passes it', () => {
    const { resolution } = clocksByMetric({
      targets: { resolution: 480 },
      history: [createdWednesday],
      now: at('2026-10-08T16:30:00+08:00'),
    });
    expect(resolution).toMatchObject({
      status: 'breached',
      dueAt: at('2026-10-08T16:00:00+08:00'),
      breachedAt: at('2026-10-08T16:00:00+08:00'),
      metAt: null,
      usedMs: 8.5 * HOUR,
    });
  });

  it('is still running, not breached, at the due instant itself', () => {
    const { resolution } = clocksByMetric({ history: [createdWednesday], now: at('2026-10-08T16:00:00+08:00') });
    expect(resolution?.status).toBe('running');
    expect(resolution?.breachedAt).toBeNull();
  });
});

describe('pauses in pending_customer', () => {
  const history = [
    created('2026-09-30T17:00:00+08:00'),
    statusChange('2026-09-30T17:30:00+08:00', 'pending_customer', 'pending'),
    statusChange('2026-10-08T10:00:00+08:00', 'open', 'open'),
  ];

  it('stops the resolution clock with no due time while the customer is awaited', () => {
    const { resolution, firstResponse } = clocksByMetric({
      targets: { firstResponse: 120, resolution: 480 },
      history,
      now: at('2026-10-05T12:00:00+08:00'),
    });
    expect(resolution).toMatchObject({
      status: 'paused',
      dueAt: null,
      usedMs: 30 * MINUTE,
      pausedMs: 4 * 24 * HOUR + 18.5 * HOUR,
      warnings: [{ percent: 75, at: null }],
    });
    // The first response is never paused: 1 h on the 30th, 1 h on the 8th.
    expect(firstResponse).toMatchObject({ status: 'running', dueAt: at('2026-10-08T10:00:00+08:00') });
  });

  it('resumes with the time already used and pushes the due time back', () => {
    const { resolution } = clocksByMetric({ history, now: at('2026-10-08T11:00:00+08:00') });
    // 30 min used before the pause; 450 min from 10:00 on the 8th end at 17:30.
    expect(resolution).toMatchObject({
      status: 'running',
      dueAt: at('2026-10-08T17:30:00+08:00'),
      usedMs: 90 * MINUTE,
      pausedMs: 7 * 24 * HOUR + 16.5 * HOUR,
      warnings: [{ percent: 75, at: at('2026-10-08T15:30:00+08:00') }],
    });
  });

  it('does not pause for a status the policy does not list', () => {
    const { resolution } = clocksByMetric({
      history,
      pauseStatuses: ['pending_parts'],
      now: at('2026-10-08T11:00:00+08:00'),
    });
    expect(resolution).toMatchObject({ status: 'running', dueAt: at('2026-10-08T16:00:00+08:00'), pausedMs: 0 });
  });
});

describe('reopening a resolved ticket', () => {
  const resolvedEarly = [
    created('2026-10-12T09:00:00+08:00'),
    statusChange('2026-10-12T11:00:00+08:00', 'resolved', 'resolved'),
  ];

  it('is met when resolved before the due time', () => {
    const { resolution } = clocksByMetric({ history: resolvedEarly, now: at('2026-10-12T15:00:00+08:00') });
    expect(resolution).toMatchObject({
      status: 'met',
      metAt: at('2026-10-12T11:00:00+08:00'),
      dueAt: at('2026-10-12T17:00:00+08:00'),
      usedMs: 2 * HOUR,
      warnings: [{ percent: 75, at: null }],
    });
  });

  it('clears the met instant and runs on from the reopening with the time already used', () => {
    const reopened = [...resolvedEarly, statusChange('2026-10-13T10:00:00+08:00', 'open', 'open')];
    const { resolution } = clocksByMetric({ history: reopened, now: at('2026-10-13T11:00:00+08:00') });
    // 2 h used on the 12th; 6 h left from 10:00 on the 13th end at 16:00.
    expect(resolution).toMatchObject({
      status: 'running',
      metAt: null,
      dueAt: at('2026-10-13T16:00:00+08:00'),
      usedMs: 3 * HOUR,
    });
  });

  it('is breached when the reopened ticket is resolved again after its new due time', () => {
    const history = [
      ...resolvedEarly,
      statusChange('2026-10-13T10:00:00+08:00', 'closed', 'closed'),
      statusChange('2026-10-13T10:00:00+08:00', 'open', 'open'),
      statusChange('2026-10-13T17:00:00+08:00', 'resolved', 'resolved'),
    ];
    const { resolution } = clocksByMetric({ history, now: at('2026-10-13T18:00:00+08:00') });
    expect(resolution).toMatchObject({
      status: 'breached',
      metAt: at('2026-10-13T17:00:00+08:00'),
      breachedAt: at('2026-10-13T16:00:00+08:00'),
      usedMs: 9 * HOUR,
    });
  });

  it('keeps a breach on record through a reopen', () => {
    const history = [
      created('2026-10-12T09:00:00+08:00'),
      statusChange('2026-10-13T10:00:00+08:00', 'resolved', 'resolved'),
      statusChange('2026-10-13T11:00:00+08:00', 'open', 'open'),
    ];
    const { resolution } = clocksByMetric({ history, now: at('2026-10-13T12:00:00+08:00') });
    expect(resolution).toMatchObject({
      status: 'breached',
      metAt: null,
      breachedAt: at('2026-10-12T17:00:00+08:00'),
      dueAt: at('2026-10-12T17:00:00+08:00'),
    });
  });
});

describe('first response', () => {
  const createdWednesday = created('2026-09-30T17:00:00+08:00');

  it('is breached when the first reply comes at the next opening after a due time at closing', () => {
    const { firstResponse } = clocksByMetric({
      targets: { firstResponse: 60 },
      history: [createdWednesday, agentReply('2026-10-08T09:00:00+08:00')],
      now: at('2026-10-08T12:00:00+08:00'),
    });
    expect(firstResponse).toMatchObject({
      status: 'breached',
      dueAt: at('2026-09-30T18:00:00+08:00'),
      breachedAt: at('2026-09-30T18:00:00+08:00'),
      metAt: at('2026-10-08T09:00:00+08:00'),
      usedMs: HOUR,
    });
  });

  it('is met by a reply exactly at its due time', () => {
    const { firstResponse } = clocksByMetric({
      targets: { firstResponse: 60 },
      history: [createdWednesday, agentReply('2026-09-30T18:00:00+08:00')],
      now: at('2026-10-08T12:00:00+08:00'),
    });
    expect(firstResponse).toMatchObject({ status: 'met', breachedAt: null, dueAt: at('2026-09-30T18:00:00+08:00') });
  });

  it('keeps running while the ticket waits on the customer', () => {
    const { firstResponse } = clocksByMetric({
      targets: { firstResponse: 60 },
      history: [createdWednesday, statusChange('2026-09-30T17:10:00+08:00', 'pending_customer', 'pending')],
      now: at('2026-09-30T17:30:00+08:00'),
    });
    expect(firstResponse).toMatchObject({ status: 'running', usedMs: 30 * MINUTE, pausedMs: 0 });
  });

  it('is met when the ticket is resolved without a reply', () => {
    const { firstResponse } = clocksByMetric({
      targets: { firstResponse: 60 },
      history: [createdWednesday, statusChange('2026-09-30T17:20:00+08:00', 'closed', 'closed')],
      now: at('2026-10-08T12:00:00+08:00'),
    });
    expect(firstResponse).toMatchObject({ status: 'met', metAt: at('2026-09-30T17:20:00+08:00') });
  });
});

describe('on site', () => {
  const history = [
    created('2026-10-12T09:00:00+08:00'),
    statusChange('2026-10-12T09:10:00+08:00', 'dispatched', 'open'),
    statusChange('2026-10-12T10:00:00+08:00', 'pending_parts', 'pending'),
    statusChange('2026-10-12T14:00:00+08:00', 'dispatched', 'open'),
    statusChange('2026-10-12T16:00:00+08:00', 'on_site', 'open'),
    statusChange('2026-10-12T17:00:00+08:00', 'in_service', 'open'),
  ];

  it('has no clock for a desk ticket', () => {
    const clocks = clocksByMetric({ targets: { onSite: 240, resolution: 480 }, history });
    expect(clocks.onSite).toBeUndefined();
    expect(clocks.resolution).toBeDefined();
  });

  it('is met when a field work order first reaches on_site, with the parts wait paused', () => {
    const { onSite } = clocksByMetric({
      targets: { onSite: 240 },
      isField: true,
      history,
      now: at('2026-10-13T09:00:00+08:00'),
    });
    // 1 h before the parts wait, 2 h after it; the remaining 3 h from 14:00 were due at 17:00.
    expect(onSite).toMatchObject({
      status: 'met',
      metAt: at('2026-10-12T16:00:00+08:00'),
      dueAt: at('2026-10-12T17:00:00+08:00'),
      usedMs: 3 * HOUR,
      pausedMs: 4 * HOUR,
    });
  });
});
