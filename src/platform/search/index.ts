export { buildSearchDocument, type TsvectorLiteral, toTsquery, toTsvectorLiteral } from './search-text.ts';
