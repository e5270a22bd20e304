import { type DemoRandom, weightedTable } from './demo-random.ts';

// Phone numbers are typed by people, so the same number shows up in several shapes.
// Duplicate detection has to normalise all of them.

// biome-ignore format: a grid reads better than one prefix per line
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139',
  '147', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '166', '171', '173', '175', '176', '177', '178', '180', '181', '182',
  '183', '184', '185', '186', '187', '188', '189', '191', '198', '199',
] as const;

export type MobileFormat =
  | 'plain' // 13800138000
  | 'spaced' // 138 0013 8000
  | 'dashed' // 138-0013-8000
  | 'intl_dashed' // +86 139-1234-5678
  | 'intl_spaced' // +86 13912345678
  | 'intl_compact'; // +8613912345678

export const MOBILE_FORMATS = weightedTable<MobileFormat>([
  ['plain', 45],
  ['spaced', 20],
  ['dashed', 8],
  ['intl_dashed', 10],
  ['intl_spaced', 10],
  ['intl_compact', 7],
]);

export type LandlineFormat =
  | 'local' // 021-61234567
  | 'intl' // +86-21-61234567
  | 'bracketed' // (021) 6123 4567
  | 'extension'; // 021-61234567-8021

export const LANDLINE_FORMATS = weightedTable<LandlineFormat>([
  ['local', 55],
  ['intl', 15],
  ['bracketed', 15],
  ['extension', 15],
]);

// 11 digits, no separators.
export const randomMobileDigits = (rng: DemoRandom): string =>
  rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');

export const formatMobile = (digits: string, format: MobileFormat): string => {
  const head = digits.slice(0, 3);
  const middle = digits.slice(3, 7);
  const tail = digits.slice(7);
  switch (format) {
    case 'plain':
      return digits;
    case 'spaced':
      return `${head} ${middle} ${tail}`;
    case 'dashed':
      return `${head}-${middle}-${tail}`;
    case 'intl_dashed':
      return `+86 ${head}-${middle}-${tail}`;
    case 'intl_spaced':
      return `+86 ${digits}`;
    case 'intl_compact':
      return `+86${digits}`;
  }
};

export type Landline = {
  // With the trunk prefix: '021', '0755'.
  areaCode: string;
  // Eight digits; local numbers in the demo cities never start with 0, 1 or 9.
  local: string;
  extension: string;
};

export const randomLandline = (rng: DemoRandom, areaCode: string): Landline => ({
  areaCode,
  local: String(rng.int(2, 8)) + String(rng.int(0, 9_999_999)).padStart(7, '0'),
  extension: String(rng.int(801, 8999)),
});

export const formatLandline = (landline: Landline, format: LandlineFormat): string => {
  const { areaCode, local, extension } = landline;
  switch (format) {
    case 'local':
      return `${areaCode}-${local}`;
    case 'intl':
      return `+86-${areaCode.slice(1)}-${local}`;
    case 'bracketed':
      return `(${areaCode}) ${local.slice(0, 4)} ${local.slice(4)}`;
    case 'extension':
      return `${areaCode}-${local}-${extension}`;
  }
};

// Another format than `current`, for near-duplicates.
export const otherFormat = <T>(rng: DemoRandom, formats: readonly T[], current: T): T =>
  rng.pick(formats.filter((format) => format !== current));

// Reserved or explicitly fictional domains only; never a real provider's.
const PERSONAL_DOMAINS = weightedTable([
  ['example.com', 35],
  ['example.cn', 30],
  ['mail.example.com', 12],
  ['mail.example.cn', 10],
  ['example.net', 8],
  ['inbox.test', 5],
] as const);

export const personalEmailDomain = (rng: DemoRandom): string => rng.weighted(PERSONAL_DOMAINS);

// Local part in one of the ways Chinese users build them from pinyin: zhangwei, wei.zhang, zhangw88 …
export const pinyinLocalPart = (rng: DemoRandom, surname: string, given: string): string => {
  switch (rng.int(0, 5)) {
    case 0:
      return surname + given;
    case 1:
      return `${given}.${surname}`;
    case 2:
      return `${surname}.${given}`;
    case 3:
      return `${surname}${given}${rng.int(1, 99)}`;
    case 4:
      return `${surname}${given.charAt(0)}${rng.int(1970, 2005)}`;
    default:
      return `${given}_${surname}`;
  }
};

const WECOM_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-';

// Shaped like a WeCom external contact id: 'wm' and 22 url-safe characters.
export const randomWecomId = (rng: DemoRandom): string => {
  let id = 'wm';
  for (let i = 0; i < 22; i++) id += WECOM_ALPHABET.charAt(rng.int(0, WECOM_ALPHABET.length - 1));
  return id;
};
