import { describe, expect, it } from 'vitest';
import { DEMO_CITIES } from './demo-cities.ts';
import { demoStaff } from './demo-staff.ts';

describe('demoStaff', () => {
  const { members, teams } = demoStaff();

  it('has every role in the agreed numbers', () => {
    const perRole = new Map<string, number>();
    for (const { role } of members) perRole.set(role, (perRole.get(role) ?? 0) + 1);
    expect(Object.fromEntries(perRole)).toEqual({ admin: 1, supervisor: 1, agent: 6, dispatcher: 2, engineer: 8 });
  });

  it('gives everyone a Chinese name and a unique example.com address', () => {
    for (const member of members) {
      expect(member.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      expect(member.email).toMatch(/^[a-z]+\.[a-z]+@example\.com$/);
    }
    expect(new Set(members.map((member) => member.email)).size).toBe(members.length);
  });

  it('bases engineers in a demo city with at least one skill, and nobody else', () => {
    const cities = new Set(DEMO_CITIES.map((city) => city.name));
    for (const member of members) {
      if (member.role === 'engineer') {
        expect(cities.has(member.city ?? '')).toBe(true);
        expect(member.skills.length).toBeGreaterThan(0);
      } else {
        expect(member.city).toBeNull();
        expect(member.skills).toEqual([]);
      }
    }
  });

  it('has the four teams with existing members and a lead among them', () => {
    expect(teams.map((team) => team.name)).toEqual(['一线客服', '二线技术支持', '现场服务一组', '现场服务二组']);
    const emails = new Set(members.map((member) => member.email));
    for (const team of teams) {
      expect(team.memberEmails.length).toBeGreaterThan(1);
      expect(team.memberEmails).toContain(team.leadEmail);
      for (const email of team.memberEmails) expect(emails.has(email)).toBe(true);
    }
  });

  it('puts every engineer in exactly one field team', () => {
    const fieldMembers = teams.filter((team) => team.kind === 'field').flatMap((team) => team.memberEmails);
    for (const engineer of members.filter((member) => member.role === 'engineer')) {
      expect(fieldMembers.filter((email) => email === engineer.email)).toHaveLength(1);
    }
  });

  it('returns a fresh copy on every call', () => {
    const first = demoStaff();
    first.members[0]!.skills.push('hvac');
    first.teams[0]!.memberEmails.length = 0;
    expect(demoStaff()).toEqual({ members, teams });
  });
});
