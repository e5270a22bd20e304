import { type FieldError, validationFailed } from '../../../platform/errors/app-error.ts';

// Logic-less message templates: `{{name}}` placeholders from a fixed list, replaced by text in one pass. There are no
// expressions, helpers, sections or partials, so nothing in a template is ever evaluated: a tag that is not a known
// variable is refused by checkTemplate and, if rendered anyway, comes out exactly as written.

export const TEMPLATE_VARIABLES = [
  'ticket.number',
  'ticket.subject',
  'ticket.priority',
  'ticket.status',
  'ticket.url',
  'customer.name',
  'assignee.name',
  'sla.metric',
  'sla.dueAt',
  'tenant.name',
] as const;

export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Record<string, string | null | undefined>;
export type TemplateEscape = 'none' | 'markdown' | 'html';
export type RenderOptions = { escape?: TemplateEscape };

export const MAX_TEMPLATE_LENGTH = 10_000;

const KNOWN = new Set<string>(TEMPLATE_VARIABLES);
const TAG = /\{\{([\s\S]*?)\}\}/g;
// Syntax of other template languages, refused so that nobody believes it works here.
const FOREIGN_SYNTAX: readonly { pattern: RegExp; name: string }[] = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: it names the syntax being refused
  { pattern: /\$\{/, name: '${…}' },
  { pattern: /<%/, name: '<%…%>' },
  { pattern: /\{%/, name: '{%…%}' },
  { pattern: /#\{/, name: '#{…}' },
];

function isKnown(name: string): name is TemplateVariable {
  return KNOWN.has(name);
}

/** The names inside `{{…}}` tags, trimmed, each once, in order of first use (unknown ones included). */
export function templateVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(TAG)) names.add((match[1] ?? '').trim());
  return [...names];
}

/** The `{{…}}` tags whose content is not one of TEMPLATE_VARIABLES. */
export function unknownVariables(text: string): string[] {
  return templateVariables(text).filter((name) => !isKnown(name));
}

/** Accepts a template (a string of at most 10 000 characters using only known variables) or throws VALIDATION_FAILED. */
export function checkTemplate(text: unknown, path: string): string {
  if (typeof text !== 'string')
    throw validationFailed('The template must be text.', [{ path, message: 'Expected text.' }]);
  const errors: FieldError[] = [];
  if (text.length > MAX_TEMPLATE_LENGTH) {
    errors.push({ path, message: `The template is ${text.length} characters long; at most ${MAX_TEMPLATE_LENGTH}.` });
  }
  for (const name of unknownVariables(text)) {
    errors.push({
      path,
      message: `{{${shorten(name)}}} is not a template variable; use one of ${TEMPLATE_VARIABLES.map((known) => `{{${known}}}`).join(', ')}.`,
    });
  }
  const withoutTags = text.replace(TAG, '');
  if (withoutTags.includes('{{')) {
    errors.push({ path, message: 'The template has a "{{" that is never closed with "}}".' });
  }
  for (const { pattern, name } of FOREIGN_SYNTAX) {
    if (pattern.test(withoutTags)) {
      errors.push({
        path,
        message: `${name} is not a variable: templates have no expressions, only {{variable}} placeholders.`,
      });
    }
  }
  if (errors.length > 0) throw validationFailed('The template is not valid.', errors);
  return text;
}

/**
 * Replaces each known `{{variable}}` by its value as text (missing or null → empty). Values are never read as
 * template syntax, so a customer who names himself "{{tenant.name}}" is shown as such. Unknown tags stay literal.
 * `escape` makes values safe for the target: 'html' for e-mail HTML, 'markdown' for DingTalk/WeCom robots.
 */
export function renderTemplate(text: string, values: TemplateValues, options: RenderOptions = {}): string {
  const mode = options.escape ?? 'none';
  return text.replace(TAG, (tag, inner: string) => {
    const name = inner.trim();
    if (!isKnown(name)) return tag;
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return escapeValue(name, value ?? '', mode);
  });
}

function escapeValue(name: TemplateVariable, value: string, mode: TemplateEscape): string {
  if (mode === 'html') return escapeHtml(value);
  if (mode === 'markdown') {
    // The ticket link is built by Loopdesk itself and sits in link targets: kept verbatim when it is a plain
    // http(s) URL, dropped otherwise (escaping would not make a "javascript:" target safe).
    if (name === 'ticket.url') return /^https?:\/\/[^\s<>()[\]"'`\\]+$/.test(value) ? value : '';
    return escapeRobotMarkdown(value);
  }
  return value;
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

// Characters DingTalk's and WeCom's markdown read as syntax, swapped for their full-width look-alikes. Backslash
// escapes are not used because neither robot documents them; full-width forms are inert in every renderer and read
// naturally in Chinese text. Covered: links and images ([ ]), HTML and WeCom mentions (<font>, <@userid>), @mobile
// and @all, entities (&), emphasis and code (* _ ` ~), headings (#), escapes (\).
const MARKDOWN_LOOKALIKES: Record<string, string> = {
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '@': '＠',
  '&': '＆',
  '*': '＊',
  _: '＿',
  '`': '｀',
  '~': '～',
  '#': '＃',
  '\\': '＼',
  '|': '｜',
};

/**
 * Makes untrusted text inert in robot markdown: no links, images, HTML, mentions or formatting, and one line
 * (line breaks would let text start a heading, quote or list). Scheme URLs and "www." lose their auto-link.
 */
export function escapeRobotMarkdown(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[[\]<>@&*_`~#\\|]/g, (char) => MARKDOWN_LOOKALIKES[char] ?? char)
    .replace(/:\/\//g, '：//')
    .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}．`);
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
