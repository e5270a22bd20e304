import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// COPY text format: backslash, tab, newline and carriage return are escaped; null is \N.
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (Array.isArray(value)) text = arrayLiteral(value);
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function arrayLiteral(values: unknown[]): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export async function copyIntoPostgres(
  pool: pg.Pool,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  const client = await pool.connect();
  try {
    const quoted = columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
    const stream = client.query(copyFrom(`copy "${table.replaceAll('"', '""')}" (${quoted}) from stdin`));
    function* lines() {
      for (const row of rows) yield `${row.map(copyValue).join('\t')}\n`;
    }
    await pipeline(Readable.from(lines()), stream);
  } finally {
    client.release();
  }
}
