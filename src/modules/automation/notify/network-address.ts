import { isIP } from 'node:net';

// Which IP addresses an outbound call may reach. Default-deny for IPv6 outside global unicast (2000::/3); IPv4 and
// IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4) are judged by the IPv4 address they carry, so
// `::ffff:127.0.0.1` is loopback. Input is an address as DNS or the WHATWG URL parser gives it; the URL parser
// has already turned odd IPv4 spellings (`0x7f.1`, `2130706433`, `017700000001`) into dotted decimal.

type Range = readonly [base: number, prefix: number];

// Special-purpose IPv4 blocks (RFC 6890 and successors) that must not be reached from a webhook.
const FORBIDDEN_V4: readonly Range[] = [
  [ipv4('0.0.0.0'), 8], // "this network"
  [ipv4('10.0.0.0'), 8], // RFC 1918
  [ipv4('100.64.0.0'), 10], // carrier-grade NAT
  [ipv4('127.0.0.0'), 8], // loopback
  [ipv4('169.254.0.0'), 16], // link-local, incl. cloud metadata 169.254.169.254
  [ipv4('172.16.0.0'), 12], // RFC 1918
  [ipv4('192.0.0.0'), 24], // IETF protocol assignments
  [ipv4('192.0.2.0'), 24], // TEST-NET-1
  [ipv4('192.88.99.0'), 24], // 6to4 relay anycast (deprecated)
  [ipv4('192.168.0.0'), 16], // RFC 1918
  [ipv4('198.18.0.0'), 15], // benchmarking
  [ipv4('198.51.100.0'), 24], // TEST-NET-2
  [ipv4('203.0.113.0'), 24], // TEST-NET-3
  [ipv4('224.0.0.0'), 4], // multicast
  [ipv4('240.0.0.0'), 4], // reserved, incl. broadcast 255.255.255.255
];

function ipv4(text: string): number {
  const parts = text.split('.').map(Number);
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

function inV4Range(value: number, [base, prefix]: Range): boolean {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (value & mask) >>> 0 === (base & mask) >>> 0;
}

function isPublicV4(value: number): boolean {
  return !FORBIDDEN_V4.some((range) => inV4Range(value, range));
}

// Eight 16-bit groups, or undefined for text that is not an IPv6 address.
function parseIpv6(text: string): number[] | undefined {
  if (isIP(text) !== 6) return undefined;
  let body = text;
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  const last = body.slice(lastColon + 1);
  if (last.includes('.')) {
    // A trailing dotted quad ("::ffff:127.0.0.1") stands for the last two groups.
    const v4 = ipv4(last);
    tail.push(v4 >>> 16, v4 & 0xffff);
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const fill = 8 - tail.length - left.length - right.length;
  if (halves.length === 1 ? fill !== 0 : fill < 0) return undefined;
  return [...left, ...new Array<number>(fill).fill(0), ...right, ...tail];
}

function isPublicV6(groups: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embeddedLow = ((g6 << 16) | g7) >>> 0;
  // ::ffff:a.b.c.d (IPv4-mapped): a dual-stack socket connects to a.b.c.d.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return isPublicV4(embeddedLow);
  // 64:ff9b::a.b.c.d (NAT64 well-known prefix): the gateway connects to a.b.c.d.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return isPublicV4(embeddedLow);
  // 2002:aabb:ccdd::/48 (6to4) carries a.b.c.d in groups 1–2.
  if (g0 === 0x2002) return isPublicV4(((g1 << 16) | g2) >>> 0);
  // Everything outside global unicast: ::, ::1, IPv4-compatible ::/96, fc00::/7, fe80::/10, fec0::/10, ff00::/8 …
  if ((g0 & 0xe000) !== 0x2000) return false;
  if (g0 === 0x2001 && g1 === 0) return false; // Teredo 2001::/32 tunnels to an IPv4 address we cannot check
  if (g0 === 0x2001 && g1 === 0x0db8) return false; // documentation
  return true;
}

/** True when an outbound call may connect to this IP address (IPv4 dotted decimal or IPv6, optional zone id). */
export function isPublicAddress(address: string): boolean {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const withoutZone = text.split('%')[0] ?? '';
  const family = isIP(withoutZone);
  if (family === 4) return isPublicV4(ipv4(withoutZone));
  if (family === 6) {
    const groups = parseIpv6(withoutZone);
    return groups !== undefined && groups.length === 8 && isPublicV6(groups);
  }
  return false;
}

/** One spelling per address, to compare two of them: IPv4 dotted decimal (also for IPv4-mapped IPv6), IPv6 as eight hex groups. */
export function canonicalAddress(address: string): string {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const withoutZone = text.split('%')[0] ?? '';
  const groups = parseIpv6(withoutZone);
  if (groups === undefined) return withoutZone;
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return [g6 >>> 8, g6 & 0xff, g7 >>> 8, g7 & 0xff].join('.');
  }
  return groups.map((group) => group.toString(16)).join(':');
}
