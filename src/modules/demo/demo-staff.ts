import type { DemoCategory, DemoRole, DemoStaff, DemoStaffMember, DemoTeam } from './demo.types.ts';

type RosterEntry = {
  readonly name: string;
  readonly email: string;
  readonly role: DemoRole;
  readonly team: TeamKey | null;
  readonly city?: string;
  readonly skills?: readonly DemoCategory[];
};

type TeamKey = 'tier1' | 'tier2' | 'field1' | 'field2';

const office = (name: string, email: string, role: DemoRole, team: TeamKey | null): RosterEntry => ({
  name,
  email,
  role,
  team,
});

const engineer = (
  name: string,
  email: string,
  team: TeamKey,
  city: string,
  skills: readonly DemoCategory[],
): RosterEntry => ({ name, email, role: 'engineer', team, city, skills });

// Fixed on purpose: demo logins and screenshots stay the same from one seed to the next.
const ROSTER: readonly RosterEntry[] = [
  office('周立新', 'zhou.lixin@example.com', 'admin', null),
  office('陈雅婷', 'chen.yating@example.com', 'supervisor', null),
  office('王欣怡', 'wang.xinyi@example.com', 'agent', 'tier1'),
  office('李俊杰', 'li.junjie@example.com', 'agent', 'tier1'),
  office('张思琪', 'zhang.siqi@example.com', 'agent', 'tier1'),
  office('刘宇航', 'liu.yuhang@example.com', 'agent', 'tier1'),
  office('杨梦瑶', 'yang.mengyao@example.com', 'agent', 'tier2'),
  office('黄博文', 'huang.bowen@example.com', 'agent', 'tier2'),
  office('赵海燕', 'zhao.haiyan@example.com', 'dispatcher', 'field1'),
  office('吴国栋', 'wu.guodong@example.com', 'dispatcher', 'field2'),
  engineer('徐振宇', 'xu.zhenyu@example.com', 'field1', '上海', ['hvac', 'appliance']),
  engineer('孙志强', 'sun.zhiqiang@example.com', 'field1', '上海', ['elevator']),
  engineer('马建华', 'ma.jianhua@example.com', 'field1', '上海', ['water_purifier', 'appliance', 'printer']),
  engineer('朱凯', 'zhu.kai@example.com', 'field1', '杭州', ['hvac', 'printer', 'network', 'it']),
  engineer('胡永刚', 'hu.yonggang@example.com', 'field2', '北京', ['hvac', 'elevator']),
  engineer('郭晨曦', 'guo.chenxi@example.com', 'field2', '北京', ['printer', 'network', 'it']),
  engineer('林家豪', 'lin.jiahao@example.com', 'field2', '深圳', ['hvac', 'water_purifier', 'appliance']),
  engineer('何立', 'he.li@example.com', 'field2', '广州', ['elevator', 'printer', 'network']),
];

const TEAMS: readonly { key: TeamKey; name: string; kind: 'desk' | 'field'; leadEmail: string }[] = [
  { key: 'tier1', name: '一线客服', kind: 'desk', leadEmail: 'chen.yating@example.com' },
  { key: 'tier2', name: '二线技术支持', kind: 'desk', leadEmail: 'chen.yating@example.com' },
  { key: 'field1', name: '现场服务一组', kind: 'field', leadEmail: 'zhao.haiyan@example.com' },
  { key: 'field2', name: '现场服务二组', kind: 'field', leadEmail: 'wu.guodong@example.com' },
];

/** The demo team roster: 1 admin, 1 supervisor, 6 agents, 2 dispatchers, 8 engineers, in four teams. */
export const demoStaff = (): DemoStaff => {
  const members: DemoStaffMember[] = ROSTER.map((entry) => ({
    name: entry.name,
    email: entry.email,
    role: entry.role,
    city: entry.city ?? null,
    skills: [...(entry.skills ?? [])],
  }));
  // The lead is a member too, so team views list the supervisor or dispatcher alongside the team.
  const teams: DemoTeam[] = TEAMS.map((team) => ({
    ...team,
    memberEmails: [
      team.leadEmail,
      ...ROSTER.filter((entry) => entry.team === team.key && entry.email !== team.leadEmail).map(
        (entry) => entry.email,
      ),
    ],
  }));
  return { members, teams };
};

export type StaffDirectory = {
  readonly supervisor: DemoStaffMember;
  readonly tier1Agents: readonly DemoStaffMember[];
  readonly tier2Agents: readonly DemoStaffMember[];
  readonly dispatchers: readonly DemoStaffMember[];
  readonly engineers: readonly DemoStaffMember[];
  // Team key of each engineer and dispatcher, by email.
  readonly teamOf: ReadonlyMap<string, string>;
};

// Lookups the ticket generator needs for every ticket, computed once.
export const staffDirectory = (): StaffDirectory => {
  const { members } = demoStaff();
  const teamOf = new Map<string, string>();
  for (const entry of ROSTER) if (entry.team !== null) teamOf.set(entry.email, entry.team);
  const withTeam = (role: DemoRole, team: TeamKey): DemoStaffMember[] =>
    members.filter((member) => member.role === role && teamOf.get(member.email) === team);
  const supervisor = members.find((member) => member.role === 'supervisor');
  if (supervisor === undefined) throw new Error('demo roster has no supervisor');
  return {
    supervisor,
    tier1Agents: withTeam('agent', 'tier1'),
    tier2Agents: withTeam('agent', 'tier2'),
    dispatchers: members.filter((member) => member.role === 'dispatcher'),
    engineers: members.filter((member) => member.role === 'engineer'),
    teamOf,
  };
};
