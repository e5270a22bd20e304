import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchDocument, toTsquery, toTsvectorLiteral } from './search-text.ts';

let db: PGlite;

beforeAll(async () => {
  db = new PGlite();
  await db.waitReady;
});

afterAll(async () => {
  await db.close();
});

async function matches(document: string | string[], query: string): Promise<boolean> {
  const tsquery = toTsquery(query);
  if (tsquery === null) throw new Error(`query ${JSON.stringify(query)} has no searchable terms`);
  const literal = typeof document === 'string' ? toTsvectorLiteral(document).literal : buildSearchDocument(document);
  const result = await db.query<{ matched: boolean }>('select $1::tsvector @@ $2::tsquery as matched', [
    literal,
    tsquery,
  ]);
  return result.rows[0]!.matched;
}

describe('search text in PostgreSQL', () => {
  it.each<[string | string[], string, boolean]>([
    // Chinese: any substring matches, other words and reordered characters do not.
    ['空调不制冷了', '制冷', true],
    ['空调不制冷了', '不制冷', true],
    ['空调不制冷了', '冷', true],
    ['空调不制冷了', '了', true],
    ['空调不制冷了', '空调不制冷了', true],
    ['空调不制冷了', '空调 制冷', true],
    ['空调不制冷了', '制热', false],
    ['空调不制冷了', '冷制', false],
    ['空调不制冷了', '空调制冷', false],
    ['空调不制冷了', '热', false],
    ['空调 不制冷', '调不', false],
    // English: case-insensitive, plural-insensitive, prefix on the last letters typed.
    ['Printers', 'printer', true],
    ['printer jams', 'PRINTER jam', true],
    ['printer', 'printers', true],
    ['printers', 'print', true],
    ['the printer has a paper jam', 'jams printer', true],
    ['print shop', 'printer', false],
    ['printer jams', 'printer scanner', false],
    ['replace batteries', 'battery', true],
    ['replace battery', 'batteries', true],
    ['clear cookies', 'cookie', true],
    ['clear cookie', 'cookies', true],
    ['two boxes', 'box', true],
    ['one box', 'boxes', true],
    ["the printer's tray", 'printer tray', true],
    ['printer', "printer's", true],
    ['status', 'status', true],
    ['bus stop', 'bus', true],
    ['glass', 'glasses', true],
    // Full-width input is the same text as ASCII.
    ['ＰＲＩＮＴＥＲ　Ｅ３', 'printer e3', true],
    ['printer E3', 'ｐｒｉｎｔｅｒ Ｅ３', true],
    ['序列号１２３４５', '12345', true],
    // Numbers and codes.
    ['工单 T-20261122-0001 已创建', 'T-20261122-0001', true],
    ['工单 T-20261122-0001 已创建', 't-20261122-0001', true],
    ['工单 T-20261122-0001 已创建', 'T20261122-0001', true],
    ['工单 T-20261122-0001 已创建', 'T-20261122-00', true],
    ['工单 T-20261122-0001 已创建', '20261122', true],
    ['工单 T-20261122-0001 已创建', 'T-20261122-0002', false],
    ['工单 T-20261122-0001 已创建', 'T-20261123-0001', false],
    ['错误代码E3', 'E3', true],
    ['错误代码E3', 'e3', true],
    ['错误代码E3', 'E4', false],
    ['错误代码E3', '代码 E3', true],
    ['SN12345', 'SN12345', true],
    ['SN12345', 'SN-12345', true],
    ['SN-12345', 'SN12345', true],
    ['SN12345', 'SN12346', false],
    // Mixed Chinese and Latin.
    ['格力空调E3故障 printer', '格力空调E3故障 printer', true],
    ['格力空调E3故障 printer', '空调 e3', true],
    ['格力空调E3故障 printer', '格力 printer', true],
    ['格力空调E3故障 printer', '故障E3', true],
    ['格力空调E3故障 printer', '格力 scanner', false],
    ['格力空调E3故障 printer', '空调故障', false],
    // Fields: words match in any field, phrases never span two fields.
    [['空调', '制冷'], '空调 制冷', true],
    [['空调', '制冷'], '调制', false],
    [['error code', 'e3 fixed'], 'code-e3', false],
    [['error code e3', 'fixed'], 'code-e3', true],
    // Operators typed by the user are separators, not operators.
    ['a b c', 'a & !b | (c', true],
    ['a c', 'a & !b | (c', false],
    ['or 1=1', "' OR 1=1--", true],
    ["O'Brien's laptop", "o'brien", true],
  ])('finds %j with %j: %s', async (document, query, expected) => {
    expect(await matches(document, query)).toBe(expected);
  });

  it.each(['a & !b | (c', "' OR 1=1--", ':*', '\\\\', "\\'", "'':*", '<->', '!!!', '()', "x'):* | 'y"])(
    'turns the hostile query %j into null or a valid tsquery',
    async (query) => {
      const tsquery = toTsquery(query);
      if (tsquery === null) return;
      const result = await db.query<{ parsed: string }>('select $1::tsquery::text as parsed', [tsquery]);
      expect(result.rows[0]!.parsed).not.toContain('!');
      expect(result.rows[0]!.parsed).not.toContain('|');
    },
  );

  it('searches a GIN-indexed ticket column', async () => {
    await db.exec(`
      create table search_tickets (id int primary key, search tsvector not null);
      create index search_tickets_search on search_tickets using gin (search);
    `);
    const tickets = [
      ['格力空调不制冷', '客户反馈 E3 故障，T-20261122-0001'],
      ['Printer jams', 'The printers in room 3 jam daily'],
      ['空调制热正常', ''],
    ];
    for (const [i, parts] of tickets.entries()) {
      await db.query('insert into search_tickets values ($1, $2::tsvector)', [i + 1, buildSearchDocument(parts)]);
    }
    const find = async (query: string) => {
      await db.exec('set enable_seqscan = off');
      const result = await db.query<{ id: number }>(
        'select id from search_tickets where search @@ $1::tsquery order by id',
        [toTsquery(query)],
      );
      return result.rows.map((row) => row.id);
    };
    expect(await find('制冷')).toEqual([1]);
    expect(await find('空调')).toEqual([1, 3]);
    expect(await find('T-20261122-0001')).toEqual([1]);
    expect(await find('printer jam')).toEqual([2]);
    expect(await find('3')).toEqual([2]);
    expect(await find('e3')).toEqual([1]);
  });

  it('keeps the field gap when a reply is appended with || from position 2', async () => {
    const appended = async (startPosition: number) => {
      const result = await db.query<{ matched: boolean }>(
        'select ($1::tsvector || $2::tsvector) @@ $3::tsquery as matched',
        [
          buildSearchDocument(['空调 error code']),
          toTsvectorLiteral('e3 制冷', startPosition).literal,
          toTsquery('code-e3'),
        ],
      );
      return result.rows[0]!.matched;
    };
    expect(await appended(2)).toBe(false);
    expect(await appended(1)).toBe(true);
  });

  it('accepts a document past every PostgreSQL size limit', async () => {
    const words = Array.from(
      { length: 200_000 },
      (_, i) => `w${i.toString(36)}x${((i * 7_919) % 1_000_003).toString(36)}`,
    );
    const literal = buildSearchDocument([words.join(' '), '空调'.repeat(5_000)]);
    const result = await db.query<{ lexemes: number }>('select length($1::tsvector) as lexemes', [literal]);
    expect(result.rows[0]!.lexemes).toBeGreaterThan(50_000);
  });

  it('still finds single terms past the last position PostgreSQL can store', async () => {
    const document = `${'填充'.repeat(9_000)} 压缩机异响 compressor`;
    expect(await matches(document, 'compressor')).toBe(true);
    expect(await matches(document, '压缩')).toBe(true);
    // Known limit: phrases there have no positions to match against.
    expect(await matches(document, '压缩机')).toBe(false);
  });

  it('cuts a very long query instead of building a phrase PostgreSQL cannot parse', async () => {
    const document = Array.from({ length: 2_000 }, (_, i) =>
      String.fromCodePoint(0x4e00 + ((i * 7_919) % 20_000)),
    ).join('');
    expect(await matches(document, document)).toBe(true);
  });
});

// Text that exercises the tokenizer's edges: quotes, backslashes, operators, CJK, full-width, marks.
const trickyChar = fc.oneof(
  fc.constantFrom(...Array.from("'\\:*&|!()<->./_ ’空调ア한Aｚ１éßİ"), '\u0301', '\u0000', '\ud800'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const trickyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: trickyChar, maxLength: 40 }));

describe('search text properties', () => {
  it('produces literals PostgreSQL accepts for any input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(trickyText, { maxLength: 3 }), trickyText, async (parts, query) => {
        const tsquery = toTsquery(query);
        await db.query('select $1::tsvector, $2::tsvector, $3::tsquery', [
          toTsvectorLiteral(parts[0] ?? '').literal,
          buildSearchDocument(parts),
          tsquery ?? 'x',
        ]);
      }),
      { numRuns: 300 },
    );
  });

  // A small alphabet makes repeated bigrams and near-misses common.
  const cjkChar = fc.oneof(
    fc.constantFrom('空', '调', '不', '制', '冷', '热'),
    fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code)),
  );
  const cjkText = fc.string({ unit: cjkChar, minLength: 1, maxLength: 30 });

  it('finds every substring of two or more characters of a Chinese document', async () => {
    const documentAndSubstring = cjkText
      .filter((text) => text.length >= 2)
      .chain((text) =>
        fc
          .tuple(fc.integer({ min: 0, max: text.length - 2 }), fc.integer({ min: 2, max: text.length }))
          .map(([start, length]) => [text, text.slice(start, start + length)] as const)
          .filter(([, substring]) => substring.length >= 2),
      );
    await fc.assert(
      fc.asyncProperty(documentAndSubstring, async ([document, substring]) => {
        expect(await matches(document, substring)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('matches a Chinese query exactly when it is a substring of one field', async () => {
    const fields = fc.array(fc.string({ unit: fc.constantFrom('空', '调', '不', '制', '冷'), maxLength: 12 }), {
      minLength: 1,
      maxLength: 3,
    });
    const query = fc.string({ unit: fc.constantFrom('空', '调', '不', '制', '冷'), minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(fields, query, async (document, substring) => {
        const expected = document.some((field) => field.includes(substring));
        expect(await matches(document, substring)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('finds every word of an English document whatever its case', async () => {
    const word = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABC0123456789'),
      minLength: 1,
      maxLength: 10,
    });
    const documentAndWord = fc
      .array(word, { minLength: 1, maxLength: 8 })
      .chain((words) => fc.constantFrom(...words).map((picked) => [words.join(' '), picked] as const));
    await fc.assert(
      fc.asyncProperty(documentAndWord, fc.boolean(), async ([document, picked], upper) => {
        expect(await matches(document, upper ? picked.toUpperCase() : picked)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
