// Request material for the load phases: realistic create bodies (demo content, a caller phone that is
// an existing customer's 70% of the time) and the Chinese search terms.
import { createDemoRandom, demoCustomers, streamDemoTickets } from '../../src/modules/demo/index.ts';

export type CreateBody = {
  subject: string;
  description: string;
  channel: string;
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  type: 'desk' | 'field_service';
  customer: { name: string; phone: string };
  tags: string[];
  location?: { address: string; lat: number; lng: number };
};

export function createBodies(
  seed: number,
  known: readonly { name: string; phone: string | null }[],
  count = 2_000,
): CreateBody[] {
  const rng = createDemoRandom(seed + 7);
  const strangers = demoCustomers(rng, 400);
  const callers = known.filter((c): c is { name: string; phone: string } => c.phone !== null);
  const bodies: CreateBody[] = [];
  for (const demo of streamDemoTickets(rng, { count, customers: strangers, now: new Date(), days: 1 })) {
    const stranger = strangers[demo.customerIndex];
    const strangerPhone = stranger?.contactPoints.find((p) => p.kind === 'mobile' || p.kind === 'landline')?.value;
    const existing = callers.length && (rng.chance(0.7) || !strangerPhone) ? rng.pick(callers) : null;
    const customer = existing ?? { name: stranger?.name ?? '客户', phone: strangerPhone ?? '13800138000' };
    bodies.push({
      subject: demo.subject,
      description: demo.description,
      channel: demo.channel,
      priority: demo.priority,
      type: demo.type,
      customer: { name: customer.name, phone: customer.phone },
      tags: demo.tags,
      ...(demo.location
        ? { location: { address: demo.location.address, lat: demo.location.lat, lng: demo.location.lng } }
        : {}),
    });
  }
  return bodies;
}

/** Common and rare terms from the demo vocabulary, a street name (addresses are not indexed: a miss), and English. */
export function searchTerms(street: string): string[] {
  return ['制冷', '漏水', '打印机', '电梯', '异响', '蓝屏', '卡纸', street, 'printer'];
}
