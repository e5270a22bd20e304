import { describe, expect, it } from 'vitest';
import { buildSearchDocument, toTsquery, toTsvectorLiteral } from './search-text.ts';

describe('toTsvectorLiteral', () => {
  it('indexes a CJK run as bigrams plus a unigram at each position', () => {
    expect(toTsvectorLiteral('空调不制冷了')).toEqual({
      literal: "'空':1 '空调':1 '调':2 '调不':2 '不':3 '不制':3 '制':4 '制冷':4 '冷':5 '冷了':5 '了':6",
      nextPosition: 7,
    });
  });

  it('continues from the given start position', () => {
    expect(toTsvectorLiteral('打印 jam', 10)).toEqual({
      literal: "'打':10 '打印':10 '印':11 'jam':12",
      nextPosition: 13,
    });
  });

  it('indexes plurals as their singular and keeps the surface form', () => {
    expect(toTsvectorLiteral("Printers batteries boxes jams printer's").literal).toBe(
      "'printer':1,5 'printers':1 'battery':2 'batteries':2 'box':3 'boxes':3 'jam':4 'jams':4",
    );
  });

  it('leaves short words and -ss, -us, -is endings unstemmed', () => {
    expect(toTsvectorLiteral('class status bus is gas analysis').literal).toBe(
      "'class':1 'status':2 'bus':3 'is':4 'gas':5 'analysis':6",
    );
  });

  it('normalises full-width letters and digits to lowercase ASCII', () => {
    expect(toTsvectorLiteral('ＰＲＩＮＴＥＲ　Ｅ３ １２３').literal).toBe("'printer':1 'e3':2 '123':3");
  });

  it('indexes a code by its parts and by its joined form', () => {
    expect(toTsvectorLiteral('T-20261122-0001').literal).toBe("'t':1 '20261122':2 '0001':3 't202611220001':1");
  });

  it('splits mixed Chinese and Latin text into runs at consecutive positions', () => {
    expect(toTsvectorLiteral('格力空调E3故障 printer').literal).toBe(
      "'格':1 '格力':1 '力':2 '力空':2 '空':3 '空调':3 '调':4 'e3':5 '故':6 '故障':6 '障':7 'printer':8",
    );
  });

  it('returns an empty literal for text without searchable characters', () => {
    expect(toTsvectorLiteral(" !? -- '' \\ ")).toEqual({ literal: '', nextPosition: 1 });
  });

  it('skips lexemes longer than PostgreSQL accepts', () => {
    expect(toTsvectorLiteral(`${'a'.repeat(2047)} ok`).literal).toBe("'ok':2");
    expect(toTsvectorLiteral(`${'a'.repeat(2046)}`).literal).toBe(`'${'a'.repeat(2046)}':1`);
  });

  it('stops recording positions after 16383 but keeps the lexemes', () => {
    const { literal, nextPosition } = toTsvectorLiteral('word tail', 16_383);
    expect(literal).toBe("'word':16383 'tail'");
    expect(nextPosition).toBe(16_385);
  });

  it('keeps at most 256 positions per lexeme', () => {
    const { literal } = toTsvectorLiteral('a '.repeat(300));
    expect(literal.split(',')).toHaveLength(256);
  });

  it('rejects a start position PostgreSQL cannot store', () => {
    expect(() => toTsvectorLiteral('x', 0)).toThrow(RangeError);
    expect(() => toTsvectorLiteral('x', 1.5)).toThrow(RangeError);
  });
});

describe('buildSearchDocument', () => {
  it('merges fields into one literal with a position gap between them', () => {
    expect(buildSearchDocument(['空调', 'error code', '制冷'])).toBe(
      "'空':1 '空调':1 '调':2 'error':4 'code':5 '制':7 '制冷':7 '冷':8",
    );
  });

  it('does not spend positions on empty fields', () => {
    expect(buildSearchDocument(['a', '', '  ', 'b'])).toBe("'a':1 'b':3");
  });

  it('returns an empty literal for no fields', () => {
    expect(buildSearchDocument([])).toBe('');
  });
});

describe('toTsquery', () => {
  it.each([
    ['制冷', "'制冷'"],
    ['不制冷', "('不制' <-> '制冷')"],
    ['冷', "'冷'"],
    ['PRINTER jam', "'printer':* & 'jam':*"],
    ['printers', "'printer':*"],
    ['batteries', "('battery':* | 'batterie':*)"],
    ["printer's", "'printer':*"],
    ['ｐｒｉｎｔｅｒ', "'printer':*"],
    ['T-20261122-0001', "('t' <-> '20261122' <-> '0001':* | 't202611220001':*)"],
    ['SN12345', "'sn12345':*"],
    ['格力空调E3故障 printer', "('格力' <-> '力空' <-> '空调') & 'e3':* & '故障' & 'printer':*"],
  ])('turns %j into %s', (query, expected) => {
    expect(toTsquery(query)).toBe(expected);
  });

  it('ANDs repeated terms only once', () => {
    expect(toTsquery('jam jams JAM')).toBe("'jam':*");
  });

  it.each(['', '   ', ':*', '\\\\', '&|!()<->', "''", '—…。，'])('returns null for %j', (query) => {
    expect(toTsquery(query)).toBeNull();
  });

  it.each([
    ['a & !b | (c', "'a':* & 'b':* & 'c':*"],
    ["' OR 1=1--", "'or':* & '1':*"],
    ["x:* | y<->z !'w'", "'x':* & 'y':* & 'z':* & 'w':*"],
  ])('keeps tsquery operators in %j out of the result', (query, expected) => {
    expect(toTsquery(query)).toBe(expected);
  });

  it('reads no more than the first 256 characters', () => {
    expect(toTsquery(`${'a'.repeat(255)} bc`)).toBe(`'${'a'.repeat(255)}':*`);
    expect(toTsquery(`${'a'.repeat(254)} bc`)).toBe(`'${'a'.repeat(254)}':* & 'b':*`);
  });
});
