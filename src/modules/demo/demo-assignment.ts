import type { DemoCategory, DemoStaffMember } from './demo.types.ts';
import { DEMO_CITIES } from './demo-cities.ts';
import { DEMO_CATEGORIES } from './demo-issues.ts';
import type { DemoRandom } from './demo-random.ts';
import type { StaffDirectory } from './demo-staff.ts';

export type DemoAssignment = {
  member: DemoStaffMember;
  teamKey: string;
};

export type DemoAssigner = {
  // An engineer for a visit: local with the skill, else anyone with it, else local, else anyone.
  engineer(rng: DemoRandom, city: string, category: DemoCategory): DemoAssignment;
  // A desk agent; network and IT faults reach second line more often.
  agent(rng: DemoRandom, category: DemoCategory): DemoAssignment;
  // The dispatcher who runs a field team.
  dispatcherOf(teamKey: string): DemoStaffMember | null;
};

// Pools are computed once per generator so the per-ticket path is a map lookup and a pick.
export const createAssigner = (staff: StaffDirectory): DemoAssigner => {
  const teamOf = (member: DemoStaffMember): string => staff.teamOf.get(member.email) ?? '';
  const assignment = (member: DemoStaffMember): DemoAssignment => ({ member, teamKey: teamOf(member) });

  const pools = new Map<string, readonly DemoAssignment[]>();
  const fallback = new Map<DemoCategory, readonly DemoAssignment[]>();
  for (const category of DEMO_CATEGORIES) {
    const skilled = staff.engineers.filter((engineer) => engineer.skills.includes(category));
    const anySkilled = skilled.length > 0 ? skilled : staff.engineers;
    fallback.set(category, anySkilled.map(assignment));
    for (const city of DEMO_CITIES) {
      const local = staff.engineers.filter((engineer) => engineer.city === city.name);
      const localSkilled = skilled.filter((engineer) => engineer.city === city.name);
      const pool = [localSkilled, skilled, local, staff.engineers].find((candidates) => candidates.length > 0);
      pools.set(`${city.name}|${category}`, (pool ?? staff.engineers).map(assignment));
    }
  }
  const dispatchers = new Map(staff.dispatchers.map((member) => [teamOf(member), member]));
  const tier1 = staff.tier1Agents.map(assignment);
  const tier2 = staff.tier2Agents.map(assignment);

  return {
    engineer: (rng, city, category) => rng.pick(pools.get(`${city}|${category}`) ?? fallback.get(category)!),
    agent: (rng, category) => {
      const secondLine = rng.chance(category === 'network' || category === 'it' ? 0.4 : 0.15);
      return rng.pick(secondLine ? tier2 : tier1);
    },
    dispatcherOf: (teamKey) => dispatchers.get(teamKey) ?? null,
  };
};
