import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhone, normaliseEmail, normaliseImId, normalisePhone, type PhoneKind } from './contact-point.ts';

const digits = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });

// Mostly plausible numbers, so that the round trip is exercised on ok results and not only on rejections.
const writtenPhoneNumber: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      fc.tuple(
        fc.constantFrom('', '+86', '0086', '86'),
        fc.constantFrom('13', '15', '16', '17', '18', '19'),
        digits(9, 9),
      ),
      fc.tuple(
        fc.constantFrom('0', '+86 ', '+86 (0)', '0086 0'),
        fc.constantFrom('10', '21', '755', '571', '898'),
        digits(7, 8),
      ),
      fc.tuple(fc.constantFrom('+1', '+44', '+49', '+81', '+852', '+886'), fc.constant(''), digits(6, 11)),
    ),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '-', '—', '.', '　', '转')), { maxLength: 4 }),
  )
  .map(([[prefix, lead, rest], separators]) => {
    let number = `${lead}${rest}`;
    for (const [at, separator] of separators) {
      const position = at % (number.length + 1);
      number = `${number.slice(0, position)}${separator}${number.slice(position)}`;
    }
    return `${prefix}${number}`;
  });

describe('normalisePhone', () => {
  const accepted: ReadonlyArray<{ input: string; e164: string; kind: PhoneKind; national: string }> = [
    { input: '138 0013 8000', e164: '+8613800138000', kind: 'mobile', national: '138 0013 8000' },
    { input: '13800138000', e164: '+8613800138000', kind: 'mobile', national: '138 0013 8000' },
    { input: '+86 138-0013-8000', e164: '+8613800138000', kind: 'mobile', national: '138 0013 8000' },
    { input: '0086 13800138000', e164: '+8613800138000', kind: 'mobile', national: '138 0013 8000' },
    { input: '１３８００１３８０００', e164: '+8613800138000', kind: 'mobile', national: '138 0013 8000' },
    { input: '＋８６ １３８ ００１３ ８０００', e164: '+8613800138000', kind: 'mobile', national: '138 0013 8000' },
    { input: '138—0013—8000', e164: '+8613800138000', kind: 'mobile', national: '138 0013 8000' },
    { input: '138－0013－8000', e164: '+8613800138000', kind: 'mobile', national: '138 0013 8000' },
    { input: '138.0013.8000', e164: '+8613800138000', kind: 'mobile', national: '138 0013 8000' },
    { input: '138·0013·8000', e164: '+8613800138000', kind: 'mobile', national: '138 0013 8000' },
    { input: '  138 0013 8000。 ', e164: '+8613800138000', kind: 'mobile', national: '138 0013 8000' },
    { input: '\u3000138 0013 8000\u3000', e164: '+8613800138000', kind: 'mobile', national: '138 0013 8000' },
    { input: '+86-10-12345678', e164: '+861012345678', kind: 'landline', national: '010 1234 5678' },
    { input: '010-12345678', e164: '+861012345678', kind: 'landline', national: '010 1234 5678' },
    { input: '(010) 1234 5678', e164: '+861012345678', kind: 'landline', national: '010 1234 5678' },
    { input: '（010）1234 5678', e164: '+861012345678', kind: 'landline', national: '010 1234 5678' },
    { input: '+86 (0)10 1234 5678', e164: '+861012345678', kind: 'landline', national: '010 1234 5678' },
    { input: '021 6123 4567', e164: '+862161234567', kind: 'landline', national: '021 6123 4567' },
    { input: '0755-12345678', e164: '+8675512345678', kind: 'landline', national: '0755 1234 5678' },
    { input: '+1 415 555 2671', e164: '+14155552671', kind: 'other', national: '(415) 555-2671' },
    { input: '+852 2123 4567', e164: '+85221234567', kind: 'landline', national: '2123 4567' },
    { input: '+44 20 7946 0958', e164: '+442079460958', kind: 'landline', national: '020 7946 0958' },
  ];

  it.each(accepted)('normalises $input to $e164 as a $kind number', ({ input, e164, kind, national }) => {
    expect(normalisePhone(input)).toEqual({ ok: true, e164, kind, national });
  });

  it.each([
    { input: '010-12345678-123', extension: '123' },
    { input: '010-12345678转123', extension: '123' },
    { input: '010 1234 5678 转 8001', extension: '8001' },
    { input: '010-12345678分机号：66', extension: '66' },
    { input: '010-12345678 ext. 42', extension: '42' },
    { input: '010-12345678 x42', extension: '42' },
  ])('keeps the main number of $input and exposes extension $extension', ({ input, extension }) => {
    expect(normalisePhone(input)).toEqual({
      ok: true,
      e164: '+861012345678',
      kind: 'landline',
      national: '010 1234 5678',
      extension,
    });
  });

  it('leaves extension out of results that have none', () => {
    expect(normalisePhone('13800138000')).not.toHaveProperty('extension');
  });

  it('does not read a trailing dash group on a mobile as an extension', () => {
    expect(normalisePhone('138-0013-8000-12')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('falls back to the Chinese numbering rules for a 7-digit subscriber the metadata no longer lists', () => {
    expect(normalisePhone('0571-8888888')).toEqual({
      ok: true,
      e164: '+865718888888',
      kind: 'landline',
      national: '0571 888 8888',
    });
  });

  it('reads a national number in the default country passed in', () => {
    expect(normalisePhone('(415) 555-2671', 'US')).toMatchObject({ ok: true, e164: '+14155552671' });
  });

  it.each(['', '   ', '\u3000', '\t\n'])('rejects blank input %j as empty', (input) => {
    expect(normalisePhone(input)).toEqual({ ok: false, reason: 'empty' });
  });

  it.each([
    'abc',
    '123',
    '12345678',
    '138 0013 800',
    '138001380001',
    '1380013800a',
    'call 138 0013 8000',
    '0101234567890123',
    '+86 12345',
    '+999 1234 5678',
    '1'.repeat(40),
    `138 0013 8000${' '.repeat(80)}1`,
    '...',
    '转123',
  ])('rejects %j as invalid', (input) => {
    expect(normalisePhone(input)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('never throws, and normalising an e164 result again gives the same e164', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), writtenPhoneNumber), (input) => {
        const first = normalisePhone(input);
        if (!first.ok) return;
        expect(normalisePhone(first.e164)).toMatchObject({ ok: true, e164: first.e164, kind: first.kind });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normaliseEmail', () => {
  it.each([
    { input: 'li.lei@example.com', value: 'li.lei@example.com' },
    { input: '  Li.Lei@Example.COM  ', value: 'li.lei@example.com' },
    { input: 'ＬＩ＠ＥＸＡＭＰＬＥ．ＣＯＭ', value: 'li@example.com' },
    { input: 'service+vip@qq。com', value: 'service+vip@qq.com' },
    { input: '客服@例子.中国', value: '客服@例子.中国' },
    { input: 'info@Bücher.DE', value: 'info@bücher.de' },
    { input: 'info@xn--bcher-kva.de', value: 'info@xn--bcher-kva.de' },
    { input: 'a@b.co', value: 'a@b.co' },
  ])('normalises $input to $value', ({ input, value }) => {
    expect(normaliseEmail(input)).toEqual({ ok: true, value });
  });

  it.each(['', '  ', '\r\n'])('rejects blank input %j as empty', (input) => {
    expect(normaliseEmail(input)).toEqual({ ok: false, reason: 'empty' });
  });

  it.each([
    'a@b.com\r\nBcc: x@y.com',
    'a@b.com\nBcc: x@y.com',
    'a@b.com%0d%0aBcc:x@y.com',
    'a\u200b@b.com',
    'plainaddress',
    'a@b',
    'a@@b.com',
    'a@b@c.com',
    '@b.com',
    'a@.com',
    'a@b..com',
    'a@b.com.',
    'a@-b.com',
    'a@b-.com',
    '.a@b.com',
    'a..b@b.com',
    'a b@b.com',
    'a@1.2.3.4',
    '"quoted"@b.com',
    `${'a'.repeat(65)}@b.com`,
    `a@${'b'.repeat(64)}.com`,
  ])('rejects %j as invalid', (input) => {
    expect(normaliseEmail(input)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('accepts an address of 254 characters and rejects one of 255', () => {
    const domain = `${'b.'.repeat(95)}com`;
    const addressOf = (length: number): string => `${'a'.repeat(length - domain.length - 1)}@${domain}`;
    expect(addressOf(254)).toHaveLength(254);
    expect(addressOf(255)).toHaveLength(255);
    expect(normaliseEmail(addressOf(254))).toEqual({ ok: true, value: addressOf(254) });
    expect(normaliseEmail(addressOf(255))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('gives the same value when a normalised address is normalised again', () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string({ unit: 'grapheme' })), (input) => {
        const first = normaliseEmail(input);
        if (!first.ok) return;
        expect(normaliseEmail(first.value)).toEqual(first);
      }),
    );
  });
});

describe('maskPhone', () => {
  it.each([
    { e164: '+8613800138000', masked: '138****8000' },
    { e164: '+861012345678', masked: '010****5678' },
    { e164: '+8675512345678', masked: '075*****5678' },
    { e164: '+14155552671', masked: '415***2671' },
    { e164: '+85221234567', masked: '212*4567' },
  ])('masks $e164 as $masked', ({ e164, masked }) => {
    expect(maskPhone(e164)).toBe(masked);
  });

  it('masks at least half of an unparseable value rather than showing it whole', () => {
    expect(maskPhone('123456')).toBe('***456');
  });
});

describe('normaliseImId', () => {
  it('trims the id and otherwise keeps it as the platform gave it', () => {
    expect(normaliseImId('wecom', '  ZhangSan  ')).toEqual({ ok: true, value: 'ZhangSan' });
    expect(normaliseImId('wechat', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o')).toEqual({
      ok: true,
      value: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    });
  });

  it('accepts an id of exactly 128 characters', () => {
    expect(normaliseImId('dingtalk', '钉'.repeat(128))).toEqual({ ok: true, value: '钉'.repeat(128) });
  });

  it('rejects a blank id as empty', () => {
    expect(normaliseImId('wecom', ' \t ')).toEqual({ ok: false, reason: 'empty' });
  });

  it.each([
    ['an id over 128 characters', 'a'.repeat(129)],
    ['an id with a line break', 'zhang\nsan'],
    ['an id with a NUL', 'zhang\u0000san'],
    ['an id with a zero-width space', 'zhang\u200bsan'],
  ])('rejects %s as invalid', (_case, id) => {
    expect(normaliseImId('dingtalk', id)).toEqual({ ok: false, reason: 'invalid' });
  });
});
