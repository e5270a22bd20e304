// Plain shapes for generated demo content. No database knowledge: the seed command maps them to rows.
// Times are ISO-8601 UTC strings.

/** Where a ticket came in. */
export type DemoChannel = 'phone' | 'email' | 'web' | 'wecom' | 'wechat' | 'dingtalk' | 'sms' | 'api';

export type DemoPriority = 'P1' | 'P2' | 'P3' | 'P4';

export type DemoLanguage = 'zh' | 'en';

/** What kind of equipment or service the ticket is about. */
export type DemoCategory = 'hvac' | 'elevator' | 'printer' | 'network' | 'it' | 'water_purifier' | 'appliance';

export type DemoDeskStatus = 'new' | 'open' | 'pending' | 'resolved' | 'closed';

export type DemoFieldStatus =
  | 'new'
  | 'dispatched'
  | 'accepted'
  | 'en_route'
  | 'on_site'
  | 'in_service'
  | 'pending_customer'
  | 'pending_parts'
  | 'resolved'
  | 'closed'
  | 'cancelled';

/** A street address with coordinates inside the city's box. */
export type DemoLocation = {
  city: string;
  district: string;
  street: string;
  /** Full address as a Chinese customer would write it, e.g. '上海市浦东新区张杨路1288弄5号1502室'. */
  address: string;
  lat: number;
  lng: number;
};

export type DemoContactPointKind = 'mobile' | 'landline' | 'email' | 'wecom';

/** One way to reach a customer; `value` is formatted the way a person typed it, not normalised. */
export type DemoContactPoint = {
  kind: DemoContactPointKind;
  value: string;
};

export type DemoCustomer = {
  kind: 'person' | 'organization';
  name: string;
  /** The person to talk to at an organisation ('王经理'); null for people. */
  contactName: string | null;
  /** 1–3 entries; the first is the primary one. */
  contactPoints: DemoContactPoint[];
  location: DemoLocation;
  vip: boolean;
  /** Set on deliberate near-duplicates: the index of the customer this one duplicates. */
  duplicateOf?: number;
};

type DemoCommentBase = {
  body: string;
  createdAt: string;
};

/** A follow-up on a ticket's timeline. */
export type DemoComment =
  | (DemoCommentBase & { kind: 'customer_reply' })
  | (DemoCommentBase & { kind: 'agent_reply'; staffEmail: string })
  | (DemoCommentBase & { kind: 'internal_note'; staffEmail: string });

type DemoTicketBase = {
  subject: string;
  description: string;
  language: DemoLanguage;
  category: DemoCategory;
  channel: DemoChannel;
  priority: DemoPriority;
  tags: string[];
  customerIndex: number;
  /** Staff email from `demoStaff()`; null while unassigned. */
  assigneeEmail: string | null;
  /** Team key from `demoStaff()`; null while untriaged. */
  teamKey: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set for resolved and closed tickets. */
  resolvedAt: string | null;
  /** Oldest first, all after `createdAt` and not after `now`. */
  comments: DemoComment[];
};

export type DemoDeskTicket = DemoTicketBase & {
  type: 'desk';
  status: DemoDeskStatus;
  location: null;
};

export type DemoFieldTicket = DemoTicketBase & {
  type: 'field_service';
  status: DemoFieldStatus;
  location: DemoLocation;
};

export type DemoTicket = DemoDeskTicket | DemoFieldTicket;

export type DemoRole = 'admin' | 'supervisor' | 'agent' | 'dispatcher' | 'engineer';

export type DemoStaffMember = {
  name: string;
  email: string;
  role: DemoRole;
  /** Base city for engineers; null for office roles. */
  city: string | null;
  /** What an engineer can repair; empty for office roles. */
  skills: DemoCategory[];
};

export type DemoTeam = {
  key: string;
  name: string;
  kind: 'desk' | 'field';
  leadEmail: string;
  memberEmails: string[];
};

export type DemoStaff = {
  members: DemoStaffMember[];
  teams: DemoTeam[];
};
