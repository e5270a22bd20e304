// RFC 5545 content lines: unfolding, and splitting `NAME;PARAM=VALUE;…:value`.

export type ContentLine = {
  // Upper-cased property name, e.g. DTSTART.
  name: string;
  // Upper-cased parameter names to their values, quotes removed.
  params: Map<string, string>;
  value: string;
  // 1-based number of the physical line where the content line begins.
  line: number;
};

export type ParsedLine = { ok: true; line: ContentLine } | { ok: false; line: number; message: string };

// Accepts CRLF, LF or CR line breaks; a line starting with a space or a tab continues the previous one (the break
// and that one whitespace character are removed). Blank lines are skipped.
export function unfoldLines(text: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  physical.forEach((raw, index) => {
    const last = lines.at(-1);
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && last !== undefined) {
      last.text += raw.slice(1);
    } else if (raw.length > 0) {
      lines.push({ text: raw, line: index + 1 });
    }
  });
  return lines;
}

const NAME = /^[A-Za-z0-9-]+$/;

export function parseContentLine(text: string, line: number): ParsedLine {
  let position = 0;
  let inQuotes = false;
  const pieces: string[] = [];
  let current = '';
  for (; position < text.length; position++) {
    const char = text[position];
    if (char === '"') inQuotes = !inQuotes;
    if (!inQuotes && (char === ';' || char === ':')) {
      pieces.push(current);
      current = '';
      if (char === ':') break;
      continue;
    }
    current += char;
  }
  if (position >= text.length) {
    return { ok: false, line, message: `Line ${line} is not an iCalendar property: it has no ":" before its value.` };
  }
  const [name = '', ...rawParams] = pieces;
  if (!NAME.test(name)) {
    return { ok: false, line, message: `Line ${line} has an invalid property name "${name}".` };
  }
  const params = new Map<string, string>();
  for (const raw of rawParams) {
    const equals = raw.indexOf('=');
    if (equals <= 0) {
      return { ok: false, line, message: `Line ${line} has a parameter "${raw}" without a value.` };
    }
    params.set(raw.slice(0, equals).toUpperCase(), raw.slice(equals + 1).replace(/^"(.*)"$/, '$1'));
  }
  return { ok: true, line: { name: name.toUpperCase(), params, value: text.slice(position + 1), line } };
}

// TEXT values escape backslash, semicolon, comma and newline.
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}
