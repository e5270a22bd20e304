import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.ts';
import { twentyFourSeven } from '../calendar/index.ts';
import {
  agentReply,
  at,
  buildClockInput,
  clocksByMetric,
  created,
  customerMessage,
  HOUR,
  MINUTE,
  statusChange,
} from './sla-clocks.fixtures.ts';
import { computeClocks } from './sla-clocks.ts';

// Next-update cycles, warnings, recomputation and refused input, on China's 2026 standard calendar (Mon–Fri
// 09:00–18:00 Asia/Shanghai); Monday 12 and Tuesday 13 October 2026 are ordinary working days.

describe('next update cycles', () => {
  const targets = { firstResponse: 60, nextUpdate: 120 };
  const history = [
    created('2026-10-12T09:00:00+08:00'),
    customerMessage('2026-10-12T09:10:00+08:00'),
    agentReply('2026-10-12T09:30:00+08:00'),
    customerMessage('2026-10-12T10:00:00+08:00'),
    customerMessage('2026-10-12T10:30:00+08:00'),
    agentReply('2026-10-12T11:00:00+08:00'),
    customerMessage('2026-10-12T13:00:00+08:00'),
    agentReply('2026-10-12T15:30:00+08:00'),
    customerMessage('2026-10-12T16:00:00+08:00'),
  ];

  it('has no clock before the customer writes after a reply', () => {
    const { nextUpdate } = clocksByMetric({
      targets,
      history: history.slice(0, 3),
      now: at('2026-10-12T09:45:00+08:00'),
    });
    expect(nextUpdate).toBeUndefined();
  });

  it('starts at the first message after a reply and ignores more messages until the next reply', () => {
    const { nextUpdate } = clocksByMetric({ targets, history, now: at('2026-10-12T11:30:00+08:00') });
    expect(nextUpdate).toMatchObject({
      status: 'met',
      startedAt: at('2026-10-12T10:00:00+08:00'),
      metAt: at('2026-10-12T11:00:00+08:00'),
      dueAt: at('2026-10-12T12:00:00+08:00'),
      breachedCycles: 0,
    });
  });

  it('reports the latest cycle with the number of cycles breached so far', () => {
    const { nextUpdate } = clocksByMetric({ targets, history, now: at('2026-10-12T17:00:00+08:00') });
    expect(nextUpdate).toMatchObject({
      status: 'running',
      startedAt: at('2026-10-12T16:00:00+08:00'),
      dueAt: at('2026-10-12T18:00:00+08:00'),
      breachedCycles: 1,
    });
    const nextMorning = clocksByMetric({ targets, history, now: at('2026-10-13T09:30:00+08:00') }).nextUpdate;
    expect(nextMorning).toMatchObject({
      status: 'breached',
      breachedAt: at('2026-10-12T18:00:00+08:00'),
      usedMs: 150 * MINUTE,
      breachedCycles: 2,
    });
  });

  it('pauses while the ticket waits on the customer', () => {
    const waiting = [...history, statusChange('2026-10-12T16:30:00+08:00', 'pending_customer', 'pending')];
    const { nextUpdate } = clocksByMetric({ targets, history: waiting, now: at('2026-10-13T09:30:00+08:00') });
    expect(nextUpdate).toMatchObject({ status: 'paused', dueAt: null, usedMs: 30 * MINUTE, breachedCycles: 1 });
  });

  it('starts a cycle for a message on a resolved ticket when the ticket reopens', () => {
    const reopened = [
      ...history.slice(0, 3),
      statusChange('2026-10-12T10:00:00+08:00', 'resolved', 'resolved'),
      customerMessage('2026-10-12T11:00:00+08:00'),
      statusChange('2026-10-12T11:05:00+08:00', 'open', 'open'),
    ];
    const { nextUpdate } = clocksByMetric({ targets, history: reopened, now: at('2026-10-12T12:00:00+08:00') });
    expect(nextUpdate).toMatchObject({ status: 'running', startedAt: at('2026-10-12T11:05:00+08:00') });
  });
});

describe('warnings', () => {
  const input = { targets: { resolution: 480 }, warnAtPercent: [50, 75] };
  const opened = created('2026-10-12T09:00:00+08:00');

  it('records a threshold passed and projects the next one', () => {
    const { resolution } = clocksByMetric({ ...input, history: [opened], now: at('2026-10-12T13:30:00+08:00') });
    expect(resolution?.warnings).toEqual([
      { percent: 50, at: at('2026-10-12T13:00:00+08:00') },
      { percent: 75, at: at('2026-10-12T15:00:00+08:00') },
    ]);
  });

  it('never reaches a threshold after the clock is met', () => {
    const history = [opened, statusChange('2026-10-12T14:00:00+08:00', 'resolved', 'resolved')];
    const { resolution } = clocksByMetric({ ...input, history, now: at('2026-10-12T17:30:00+08:00') });
    expect(resolution?.warnings).toEqual([
      { percent: 50, at: at('2026-10-12T13:00:00+08:00') },
      { percent: 75, at: null },
    ]);
  });

  it('has no projected instant while paused', () => {
    const history = [opened, statusChange('2026-10-12T14:00:00+08:00', 'pending', 'pending')];
    const { resolution } = clocksByMetric({ ...input, history, now: at('2026-10-12T15:00:00+08:00') });
    expect(resolution?.warnings).toEqual([
      { percent: 50, at: at('2026-10-12T13:00:00+08:00') },
      { percent: 75, at: null },
    ]);
  });
});

describe('recomputing', () => {
  it('applies new targets to the same history, as after a priority change', () => {
    const history = [created('2026-10-12T09:00:00+08:00')];
    const p3 = clocksByMetric({ targets: { resolution: 960 }, history, now: at('2026-10-12T10:00:00+08:00') });
    const p1 = clocksByMetric({ targets: { resolution: 120 }, history, now: at('2026-10-12T10:00:00+08:00') });
    expect(p3.resolution?.dueAt).toEqual(at('2026-10-13T16:00:00+08:00'));
    expect(p1.resolution?.dueAt).toEqual(at('2026-10-12T11:00:00+08:00'));
  });

  it('ignores history after now', () => {
    const history = [
      created('2026-10-12T09:00:00+08:00'),
      statusChange('2026-10-12T11:00:00+08:00', 'closed', 'closed'),
    ];
    const { resolution } = clocksByMetric({ history, now: at('2026-10-12T10:00:00+08:00') });
    expect(resolution).toMatchObject({ status: 'running', metAt: null, usedMs: HOUR });
  });

  it('counts every minute on a 24×7 calendar', () => {
    const { resolution } = clocksByMetric({
      calendar: twentyFourSeven,
      history: [created('2026-10-03T23:00:00Z')],
      now: at('2026-10-04T01:00:00Z'),
    });
    expect(resolution).toMatchObject({ usedMs: 2 * HOUR, dueAt: at('2026-10-04T07:00:00Z') });
  });
});

describe('refusing a history the clocks cannot replay', () => {
  const problems = (overrides: Parameters<typeof buildClockInput>[0]): unknown => {
    try {
      computeClocks(buildClockInput(overrides));
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return error instanceof AppError ? { code: error.code, fieldErrors: error.fieldErrors } : undefined;
    }
    throw new Error('expected computeClocks to throw');
  };

  it('refuses a history that does not begin with the ticket being created', () => {
    expect(problems({ history: [agentReply('2026-10-12T09:00:00+08:00')] })).toEqual({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ path: '/history/0', message: 'The history must begin with the ticket being created.' }],
    });
  });

  it('refuses entries out of time order and a target of no minutes', () => {
    const history = [created('2026-10-12T09:00:00+08:00'), agentReply('2026-10-12T08:00:00+08:00')];
    expect(problems({ history, targets: { firstResponse: 0 } })).toEqual({
      code: 'VALIDATION_FAILED',
      fieldErrors: [
        { path: '/targets/firstResponse', message: 'targets.firstResponse must be a positive number of minutes.' },
        { path: '/history/1/at', message: 'The history must be in time order.' },
      ],
    });
  });

  it('refuses a now before the ticket was created', () => {
    const history = [created('2026-10-12T09:00:00+08:00')];
    expect(problems({ history, now: at('2026-10-12T08:00:00+08:00') })).toMatchObject({
      fieldErrors: [{ path: '/now', message: 'now is before the ticket was created.' }],
    });
  });
});
