// '/max' metadata is the smallest that types numbers: '/min' returns no type for CN numbers,
// '/mobile' rejects every landline.
import { type CountryCode, type PhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type ContactPointRejection = 'empty' | 'invalid';

export type PhoneKind = 'mobile' | 'landline' | 'other';

export type PhoneResult =
  | { ok: true; e164: string; kind: PhoneKind; national: string; extension?: string }
  | { ok: false; reason: ContactPointRejection };

export type EmailResult = { ok: true; value: string } | { ok: false; reason: ContactPointRejection };

export type ImPlatform = 'wecom' | 'wechat' | 'dingtalk';

export type ImIdResult = { ok: true; value: string } | { ok: false; reason: ContactPointRejection };

type ResolvedPhone = { e164: string; kind: PhoneKind; national: string; extension?: string };

// Longer than any real number with an extension; also bounds the work done on pasted junk.
const MAX_PHONE_INPUT_LENGTH = 64;
const DASHES = /[\u2010-\u2015\u2212\u30fc]/gu;
// Dots and middle dots used as digit separators, plus the ideographic comma and full stop.
const DOT_SEPARATORS = /[.\u00b7\u30fb\u3001\u3002]/gu;
const MARKED_EXTENSION = /^(.*?)[\s,;，；]*(?:转|轉|分机号?|分機號?|ext(?:ension)?\.?|x|#)\s*[:：]?\s*(\d{1,8})$/iu;
// The Chinese convention 010-12345678-123: a dash and a short group after a complete number.
const DASHED_EXTENSION = /^(.*\d)\s*-\s*(\d{1,6})$/u;

// Used only when the metadata rejects a number (new mobile ranges, 7-digit subscribers it no longer lists).
const CN_MOBILE = /^1[3-9]\d{9}$/u;
// Two-digit area codes (10, 2x) always have 8-digit subscribers; three-digit ones have 7 or 8.
const CN_LANDLINE = /^(?:(10|2\d)(\d{8})|([3-9]\d{2})(\d{7,8}))$/u;

export const normalisePhone = (input: string, defaultCountry: CountryCode = 'CN'): PhoneResult => {
  if (input.trim() === '') return { ok: false, reason: 'empty' };
  const text = input.normalize('NFKC').replace(DASHES, '-').replace(DOT_SEPARATORS, ' ').trim();
  if (text === '' || text.length > MAX_PHONE_INPUT_LENGTH) return { ok: false, reason: 'invalid' };

  const marked = MARKED_EXTENSION.exec(text);
  if (marked) {
    const resolved = resolvePhone(marked[1] ?? '', defaultCountry);
    return resolved ? withExtension(resolved, marked[2]) : { ok: false, reason: 'invalid' };
  }

  const resolved = resolvePhone(text, defaultCountry);
  if (resolved) return { ok: true, ...resolved };

  const dashed = DASHED_EXTENSION.exec(text);
  if (dashed) {
    const main = resolvePhone(dashed[1] ?? '', defaultCountry);
    // Mobiles have no extensions, so a trailing group there is a typo rather than an extension.
    if (main && main.kind !== 'mobile') return withExtension(main, dashed[2]);
  }
  return { ok: false, reason: 'invalid' };
};

const withExtension = (resolved: ResolvedPhone, extension: string | undefined): PhoneResult =>
  extension === undefined ? { ok: true, ...resolved } : { ok: true, ...resolved, extension };

const resolvePhone = (text: string, defaultCountry: CountryCode): ResolvedPhone | undefined => {
  const parsed = parsePhoneNumberFromString(text, { defaultCountry, extract: false });
  if (!parsed) return undefined;
  const extension = parsed.ext === undefined || parsed.ext === '' ? {} : { extension: parsed.ext };

  if (parsed.isValid()) {
    return { e164: parsed.number, kind: kindOf(parsed), national: nationalOf(parsed), ...extension };
  }
  if (parsed.countryCallingCode !== '86' || !parsed.isPossible()) return undefined;
  const fallback = resolveChineseNumber(parsed.nationalNumber);
  return fallback ? { e164: parsed.number, ...fallback, ...extension } : undefined;
};

const kindOf = (parsed: PhoneNumber): PhoneKind => {
  const type = parsed.getType();
  if (type === 'MOBILE') return 'mobile';
  if (type === 'FIXED_LINE') return 'landline';
  // FIXED_LINE_OR_MOBILE (all of +1), toll-free, VoIP and the rest: the metadata cannot say which.
  return 'other';
};

// formatNational() appends the extension; the result carries it separately.
const nationalOf = (parsed: PhoneNumber): string =>
  parsed.ext ? (parsePhoneNumberFromString(parsed.number)?.formatNational() ?? parsed.number) : parsed.formatNational();

const resolveChineseNumber = (nationalNumber: string): { kind: PhoneKind; national: string } | undefined => {
  if (CN_MOBILE.test(nationalNumber)) {
    const national = `${nationalNumber.slice(0, 3)} ${nationalNumber.slice(3, 7)} ${nationalNumber.slice(7)}`;
    return { kind: 'mobile', national };
  }
  const landline = CN_LANDLINE.exec(nationalNumber);
  if (!landline) return undefined;
  const areaCode = landline[1] ?? landline[3] ?? '';
  const subscriber = landline[2] ?? landline[4] ?? '';
  const split = subscriber.length - 4;
  return { kind: 'landline', national: `0${areaCode} ${subscriber.slice(0, split)} ${subscriber.slice(split)}` };
};

// Masks the number as written at home (138****8000, 010****5678): first 3 and last 4 digits stay.
export const maskPhone = (e164: string): string => {
  const normalised = normalisePhone(e164);
  const source = normalised.ok ? normalised.national : e164;
  const digits = source.replace(/\D/gu, '');
  const head = digits.length >= 8 ? 3 : 0;
  // Short or unparseable input would be left whole by 3 + 4, so show at most half of it.
  const tail = digits.length >= 8 ? 4 : Math.floor(digits.length / 2);
  return `${digits.slice(0, head)}${'*'.repeat(digits.length - head - tail)}${digits.slice(digits.length - tail)}`;
};

const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_DOMAIN_LABEL_LENGTH = 63;
// Control, format (zero-width) and line/paragraph separators: header injection and look-alikes.
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const LOCAL_ATOM = "[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${LOCAL_ATOM}(?:\\.${LOCAL_ATOM})*$`, 'u');
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;

export const normaliseEmail = (input: string): EmailResult => {
  if (input.trim() === '') return { ok: false, reason: 'empty' };
  // Lower-casing can leave a string that is no longer NFKC, so normalise on both sides of it.
  const value = input.normalize('NFKC').trim().toLowerCase().normalize('NFKC');
  if (INVISIBLE_OR_CONTROL.test(value) || /\s/u.test(value)) return { ok: false, reason: 'invalid' };

  const parts = value.split('@');
  const [local, rawDomain] = parts;
  if (parts.length !== 2 || local === undefined || rawDomain === undefined) return { ok: false, reason: 'invalid' };
  // IDNA treats the ideographic full stop as a dot; Chinese input methods type it after "qq".
  const domain = rawDomain.replaceAll('\u3002', '.');
  const email = `${local}@${domain}`;

  if (email.length > MAX_EMAIL_LENGTH || !isLocalPart(local) || !isDomain(domain)) {
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, value: email };
};

const isLocalPart = (local: string): boolean => local.length <= MAX_LOCAL_PART_LENGTH && LOCAL_PART.test(local);

const isDomain = (domain: string): boolean => {
  const labels = domain.split('.');
  const topLevel = labels.at(-1) ?? '';
  return (
    labels.length >= 2 &&
    labels.every((label) => label.length <= MAX_DOMAIN_LABEL_LENGTH && DOMAIN_LABEL.test(label)) &&
    // An all-digit last label is an IP address, which a customer address never is.
    !/^\d+$/u.test(topLevel)
  );
};

// IM ids are opaque keys from the platform, so beyond trimming they are kept exactly as given.
const IM_ID_MAX_LENGTH: Record<ImPlatform, number> = { wecom: 128, wechat: 128, dingtalk: 128 };

export const normaliseImId = (platform: ImPlatform, id: string): ImIdResult => {
  const value = id.trim();
  if (value === '') return { ok: false, reason: 'empty' };
  // Counted in code points, as PostgreSQL counts varchar length.
  if ([...value].length > IM_ID_MAX_LENGTH[platform] || INVISIBLE_OR_CONTROL.test(value)) {
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, value };
};
