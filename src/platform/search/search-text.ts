// Turns ticket text into PostgreSQL tsvector literals and user queries into tsquery literals.
//
// We tokenise in TypeScript and hand PostgreSQL finished lexemes: the column is filled with
// `$1::tsvector` and searched with `column @@ $2::tsquery`. Do not wrap our output in
// to_tsvector()/to_tsquery(): even with the 'simple' configuration they run every lexeme through
// PostgreSQL's own parser again, which splits and rewrites what we produced here.
//
// Chinese has no spaces, so every run of CJK characters is indexed as overlapping bigrams at
// consecutive positions plus each character as a unigram at the position of the bigram that
// starts with it. A query run of two or more characters becomes its bigrams chained with `<->`,
// which matches exactly the documents that contain the run as a substring; a single character
// matches its unigram.
//
// Intl.Segmenter is deliberately not used. Bigram phrases already give exact-substring matches,
// and ICU's dictionary splits the words our users search for (ICU 78: 格力 → 格|力,
// 打印机 → 打印|机), so a segmented query would degrade to unrelated single characters. Its
// output also changes between ICU versions, which must never change what an index row means.
//
// Latin text is NFKC-normalised (full-width letters and digits become ASCII), lowercased and
// split on anything that is not a letter, mark or digit. Words joined by `-_./` (ticket numbers,
// model codes, dates) are indexed part by part and also as one joined lexeme, so `SN-12345`,
// `SN12345` and `T-20261122-0001` find each other.

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u30fc]/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const LETTER = /\p{L}/u;
const APOSTROPHE = /['\u2019]/u;
const CONNECTOR = /[-_./]/;
const ASCII_WORD = /^[a-z]+$/;
const COMPOUND_ES_PLURAL = /(?:x|ch|sh|ss|zz)es$/;

// PostgreSQL limits (tsvector.h): positions 1..16383, 256 positions per lexeme, lexemes shorter
// than 2047 bytes, and 1 MiB - 1 for all lexemes and their position lists together. Text past
// the size limit is not indexed; tsvectorin would reject the whole row instead.
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_LEXEME = 256;
const MAX_LEXEME_BYTES = 2_046;
const MAX_TSVECTOR_BYTES = 1_048_575;

// Longer queries are cut: a phrase of thousands of bigrams nests too deeply for the tsquery
// parser (PGlite hangs at about 8000), and nobody types more than this into a search box.
const MAX_QUERY_CHARS = 256;

// One unused position between fields, so `<->` never matches across subject/description/replies.
const FIELD_GAP = 1;

type Segment = { kind: 'cjk'; chars: string[] } | { kind: 'word'; parts: string[] };

type Lexemes = { positions: Map<string, number[]>; bytes: number };

export type TsvectorLiteral = { literal: string; nextPosition: number };

export function toTsvectorLiteral(text: string, startPosition = 1): TsvectorLiteral {
  if (!Number.isInteger(startPosition) || startPosition < 1) {
    throw new RangeError(`startPosition must be a positive integer, got ${startPosition}`);
  }
  const lexemes = emptyLexemes();
  const nextPosition = indexText(lexemes, text, startPosition);
  return { literal: serialiseTsvector(lexemes), nextPosition };
}

export function buildSearchDocument(parts: readonly string[]): string {
  const lexemes = emptyLexemes();
  let position = 1;
  for (const part of parts) {
    const next = indexText(lexemes, part, position);
    position = next === position ? position : next + FIELD_GAP;
  }
  return serialiseTsvector(lexemes);
}

// Returns a tsquery literal for `$1::tsquery`, or null when the query has nothing searchable.
// Every lexeme is quoted, so operators typed by the user are only ever separators.
export function toTsquery(query: string): string | null {
  const terms = new Set<string>();
  const clipped = Array.from(query.normalize('NFKC')).slice(0, MAX_QUERY_CHARS).join('');
  for (const segment of segmentText(clipped)) {
    terms.add(segment.kind === 'cjk' ? cjkQueryTerm(segment.chars) : wordQueryTerm(segment.parts));
  }
  return terms.size === 0 ? null : [...terms].join(' & ');
}

function segmentText(text: string): Segment[] {
  const chars = Array.from(text.normalize('NFKC').toLowerCase());
  const segments: Segment[] = [];
  let i = 0;
  while (i < chars.length) {
    const char = chars[i]!;
    if (isCjk(char)) {
      const run: string[] = [];
      while (i < chars.length && isCjk(chars[i]!)) run.push(chars[i++]!);
      segments.push({ kind: 'cjk', chars: run });
    } else if (isWordChar(char)) {
      const parts: string[] = [];
      let part = '';
      while (i < chars.length) {
        const current = chars[i]!;
        if (isWordChar(current) || isInnerApostrophe(chars, i)) {
          part += current;
          i++;
        } else if (CONNECTOR.test(current) && isWordChar(chars[i + 1])) {
          parts.push(part);
          part = '';
          i++;
        } else {
          break;
        }
      }
      parts.push(part);
      segments.push({ kind: 'word', parts: parts.map(dropApostrophes) });
    } else {
      i++;
    }
  }
  return segments;
}

function isCjk(char: string): boolean {
  return CJK_CHAR.test(char);
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char) && !CJK_CHAR.test(char);
}

// Keeps `printer's` and `don't` together; a leading or trailing apostrophe is a quote mark.
function isInnerApostrophe(chars: readonly string[], i: number): boolean {
  const before = chars[i - 1];
  const after = chars[i + 1];
  return (
    APOSTROPHE.test(chars[i]!) &&
    before !== undefined &&
    after !== undefined &&
    LETTER.test(before) &&
    LETTER.test(after) &&
    !isCjk(before) &&
    !isCjk(after)
  );
}

function dropApostrophes(part: string): string {
  return part.replace(/['\u2019]s$/u, '').replace(/['\u2019]/gu, '');
}

// Plurals and nothing else: enough for printers/batteries/boxes without the surprises of a full
// stemmer. Short words and -ss/-us/-is endings (class, status, analysis) are left alone.
function stemEnglish(word: string): string {
  if (!ASCII_WORD.test(word) || word.length <= 3) return word;
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (COMPOUND_ES_PLURAL.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

function emptyLexemes(): Lexemes {
  return { positions: new Map(), bytes: 0 };
}

// Returns the position after the text. Occurrences past MAX_POSITION keep their lexeme (single
// terms still match) but not a position, so phrases that far into a ticket do not match.
function indexText(lexemes: Lexemes, text: string, startPosition: number): number {
  let position = startPosition;
  for (const segment of segmentText(text)) {
    if (segment.kind === 'cjk') {
      const { chars } = segment;
      chars.forEach((char, i) => {
        addLexeme(lexemes, char, position + i);
        const next = chars[i + 1];
        if (next !== undefined) addLexeme(lexemes, char + next, position + i);
      });
      position += chars.length;
    } else {
      const { parts } = segment;
      parts.forEach((part, i) => {
        const stem = stemEnglish(part);
        addLexeme(lexemes, stem, position + i);
        // The surface form too, so `cookie:*` finds `cookies` although it is stemmed to `cooky`.
        if (stem !== part) addLexeme(lexemes, part, position + i);
      });
      if (parts.length > 1) addLexeme(lexemes, parts.join(''), position);
      position += parts.length;
    }
  }
  return position;
}

function addLexeme(lexemes: Lexemes, lexeme: string, position: number): void {
  let positions = lexemes.positions.get(lexeme);
  if (positions === undefined) {
    const bytes = Buffer.byteLength(lexeme, 'utf8');
    if (bytes > MAX_LEXEME_BYTES || lexemes.bytes + bytes > MAX_TSVECTOR_BYTES) return;
    positions = [];
    lexemes.positions.set(lexeme, positions);
    lexemes.bytes += bytes;
  }
  if (position > MAX_POSITION || positions.length >= MAX_POSITIONS_PER_LEXEME || positions.at(-1) === position) return;
  // A lexeme's first position also costs its 2-byte count and up to one alignment byte.
  const bytes = positions.length === 0 ? 5 : 2;
  if (lexemes.bytes + bytes > MAX_TSVECTOR_BYTES) return;
  positions.push(position);
  lexemes.bytes += bytes;
}

function serialiseTsvector(lexemes: Lexemes): string {
  const entries: string[] = [];
  for (const [lexeme, positions] of lexemes.positions) {
    entries.push(positions.length === 0 ? quoteLexeme(lexeme) : `${quoteLexeme(lexeme)}:${positions.join(',')}`);
  }
  return entries.join(' ');
}

function cjkQueryTerm(chars: readonly string[]): string {
  if (chars.length === 1) return quoteLexeme(chars[0]!);
  const bigrams = chars.slice(0, -1).map((char, i) => quoteLexeme(char + chars[i + 1]!));
  return bigrams.length === 1 ? bigrams[0]! : `(${bigrams.join(' <-> ')})`;
}

// A word is a prefix match on its stem; a code like `t-20261122-0001` is the phrase of its parts
// (the last one a prefix, for half-typed numbers) or the joined form.
// Clipped queries cannot hold a lexeme over MAX_LEXEME_BYTES, so no length check is needed here.
function wordQueryTerm(parts: readonly string[]): string {
  const last = prefixTerm(parts.at(-1)!);
  if (parts.length === 1) return last;
  const phrase = [...parts.slice(0, -1).map(quoteLexeme), last].join(' <-> ');
  return `(${phrase} | ${quoteLexeme(parts.join(''))}:*)`;
}

function prefixTerm(word: string): string {
  const stem = stemEnglish(word);
  const forms = [stem];
  // -ies is ambiguous (batteries → battery, cookies → cookie), so ask for both singulars.
  if (stem !== word && word.endsWith('ies')) forms.push(word.slice(0, -1));
  const terms = forms.map((form) => `${quoteLexeme(form)}:*`);
  return terms.length === 1 ? terms[0]! : `(${terms.join(' | ')})`;
}

// Same quoting for tsvector and tsquery input: inside single quotes, `'` and `\` are doubled.
function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
