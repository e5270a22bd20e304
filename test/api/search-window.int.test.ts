import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTickets } from '../../src/modules/tickets/index.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const token = t.tenantA.tokens.agent;
  // 40 tickets; "空调" in every third, "压缩机" only in the two oldest.
  for (let i = 0; i < 40; i++) {
    t.clock.advance(60_000);
    const subject = `${i % 3 === 0 ? '空调' : '电梯'}报修 ${i}${i < 2 ? ' 压缩机异响' : ''}`;
    await t.call(token, 'POST', '/api/v1/tickets', { subject, description: 'x' });
  }
});
afterAll(async () => t.close());

const actor = () => ({
  type: 'user' as const,
  principal: {
    tenantId: t.tenantA.id,
    userId: t.tenantA.userIds.agent,
    role: 'agent' as const,
    via: 'token' as const,
    csrfToken: null,
  },
});

async function allPages(q: string, limit: number, searchWindow: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await findTickets(
      t.ctx,
      t.tenantA.id,
      actor(),
      { q, limit, ...(cursor ? { cursor } : {}) },
      { searchWindow },
    );
    ids.push(...page.items.map((x) => x.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

describe('searching the newest tickets first', () => {
  it.each([
    ['空调', 4, 5],
    ['空调', 3, 10],
    ['压缩机', 5, 5],
    ['电梯', 7, 6],
    ['报修', 50, 5],
    ['没有', 5, 5],
  ])('gives the same pages for %s (limit %i, window %i) as the plain search', async (q, limit, window) => {
    const plain = await allPages(q, limit, 0);
    const windowed = await allPages(q, limit, window);
    expect(windowed).toEqual(plain);
    if (q === '空调') expect(plain).toHaveLength(14);
    if (q === '压缩机') expect(plain).toHaveLength(2);
  });
});
