/**
 * Full-text search over ticket text, Chinese and English, on a plain `tsvector` column with a GIN
 * index. The tokenizer runs here, not in PostgreSQL: store `$1::tsvector` and search with
 * `search @@ $1::tsquery`; never pass these strings through to_tsvector()/to_tsquery().
 *
 * - `buildSearchDocument(parts)`: one tsvector literal for several fields (number, subject,
 *   description, tags), with a gap between fields so phrases never match across two of them.
 * - `toTsvectorLiteral(text, startPosition)`: one field, numbered from `startPosition`, plus the
 *   position after it. To append to a stored document with `search || $1::tsvector` pass
 *   `startPosition` 2: PostgreSQL shifts the right side by the left side's last position, and
 *   the 1 unused position keeps the field gap.
 * - `toTsquery(query)`: a tsquery literal ANDing every term of a user's query (Chinese runs as
 *   exact substrings, Latin words and codes as prefixes), or null when nothing in it is
 *   searchable. User input can never become a tsquery operator.
 */
export { buildSearchDocument, type TsvectorLiteral, toTsquery, toTsvectorLiteral } from './search-text.ts';
