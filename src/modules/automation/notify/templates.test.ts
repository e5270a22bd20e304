import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.ts';
import {
  checkTemplate,
  escapeRobotMarkdown,
  renderTemplate,
  TEMPLATE_VARIABLES,
  templateVariables,
  unknownVariables,
} from './templates.ts';

// "${7*7}", built so that the linter does not take it for a template literal written with the wrong quotes.
const DOLLAR_EXPRESSION = ['$', '{7*7}'].join('');

const values = {
  'ticket.number': 'T-20261122-0042',
  'ticket.subject': '空调不制冷了',
  'ticket.priority': 'P2',
  'ticket.status': '处理中',
  'ticket.url': 'https://desk.example.cn/tickets/42',
  'customer.name': '王先生',
  'assignee.name': '李工',
  'sla.metric': '首次响应',
  'sla.dueAt': '2026-11-23 09:30',
  'tenant.name': '海尔服务',
};

function fieldErrors(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, errors: error.fieldErrors ?? [] };
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('templates', () => {
  it('renders every known variable with Chinese values', () => {
    const text = TEMPLATE_VARIABLES.map((name) => `{{${name}}}`).join('|');
    expect(renderTemplate(text, values)).toBe(Object.values(values).join('|'));
  });

  it('accepts spaces inside the braces and renders missing or null values as empty', () => {
    expect(
      renderTemplate('工单 {{ ticket.number }} 负责人:{{assignee.name}}。', {
        'ticket.number': 'T-1',
        'assignee.name': null,
      }),
    ).toBe('工单 T-1 负责人:。');
  });

  it('lists variables once each, in order, and names the unknown ones', () => {
    const text = '{{ticket.number}} {{foo}} {{ ticket.number }} {{constructor.constructor}}';
    expect(templateVariables(text)).toEqual(['ticket.number', 'foo', 'constructor.constructor']);
    expect(unknownVariables(text)).toEqual(['foo', 'constructor.constructor']);
  });

  it('checkTemplate returns a valid template unchanged', () => {
    const text = '【{{tenant.name}}】工单 {{ticket.number}} 将于 {{sla.dueAt}} 超时';
    expect(checkTemplate(text, '/body')).toBe(text);
  });

  it.each([
    ["{{constructor.constructor('return process')()}}", 'not a template variable'],
    ['{{__proto__}}', 'not a template variable'],
    ['{{ticket}}', 'not a template variable'],
    ['{{{ticket.subject}}}', 'not a template variable'],
    [DOLLAR_EXPRESSION, 'not a variable'],
    ['<%=7*7%>', 'not a variable'],
    ['{% if x %}', 'not a variable'],
    ['#{7*7}', 'not a variable'],
    ['工单 {{ticket.number', 'never closed'],
  ])('checkTemplate refuses %s', (text, message) => {
    const { code, errors } = fieldErrors(() => checkTemplate(text, '/templates/0/body'));
    expect(code).toBe('VALIDATION_FAILED');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error.path === '/templates/0/body')).toBe(true);
    expect(errors.map((error) => error.message).join(' ')).toContain(message);
  });

  it('checkTemplate names each unknown variable in its own error', () => {
    const { errors } = fieldErrors(() => checkTemplate('{{a.b}} {{ticket.number}} {{c}}', '/body'));
    expect(errors.map((error) => error.message.slice(0, 8))).toEqual(['{{a.b}} ', '{{c}} is']);
  });

  it('checkTemplate refuses more than 10 000 characters and non-text', () => {
    expect(checkTemplate('字'.repeat(10_000), '/body')).toHaveLength(10_000);
    expect(fieldErrors(() => checkTemplate('字'.repeat(10_001), '/body')).errors[0]?.message).toContain('10000');
    expect(fieldErrors(() => checkTemplate(42, '/body')).errors).toEqual([
      { path: '/body', message: 'Expected text.' },
    ]);
  });

  it.each([
    "{{constructor.constructor('return process')()}}",
    DOLLAR_EXPRESSION,
    '<%=7*7%>',
    '{{__proto__}}',
    '{{toString}}',
    '{{{ticket.subject}}}',
  ])('renders %s literally', (text) => {
    expect(renderTemplate(text, values)).toBe(text);
    expect(renderTemplate(text, values, { escape: 'markdown' })).toBe(text);
  });

  it('never reads a value as template syntax', () => {
    const rendered = renderTemplate('{{customer.name}} / {{tenant.name}}', {
      'customer.name': `{{tenant.name}} ${DOLLAR_EXPRESSION}`,
      'tenant.name': '海尔',
    });
    expect(rendered).toBe(`{{tenant.name}} ${DOLLAR_EXPRESSION} / 海尔`);
  });

  it('ignores inherited properties of the values object', () => {
    const inherited = Object.create({ 'ticket.subject': 'from the prototype' });
    expect(renderTemplate('[{{ticket.subject}}]', inherited)).toBe('[]');
  });

  it('HTML-escapes values with escape html', () => {
    expect(
      renderTemplate(
        '<p>{{customer.name}}</p>',
        { 'customer.name': '<img src=x onerror="alert(1)">&\'' },
        { escape: 'html' },
      ),
    ).toBe('<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;</p>');
  });

  describe('robot markdown escaping', () => {
    const render = (subject: string) =>
      renderTemplate(
        '### 新工单\n> {{ticket.subject}}\n[查看]({{ticket.url}})',
        { ...values, 'ticket.subject': subject },
        { escape: 'markdown' },
      );

    it.each([
      ['a link', '点这里 [领取红包](https://evil.example/phish)'],
      ['an image', '![x](https://evil.example/track.png)'],
      ['a WeCom mention', '<@zhangsan> 请处理'],
      ['a DingTalk mention of everyone', '@all 紧急'],
      ['a mobile mention', '@13800138000'],
      ['an HTML tag', '<font color="warning">伪造告警</font>'],
      ['an autolink', '<https://evil.example>'],
      ['a bare URL', '看 https://evil.example/x 和 www.evil.example'],
      ['a new heading line', '正常\n# 伪造标题\n- 列表'],
    ])('keeps %s from becoming markup', (_what, subject) => {
      const line = render(subject).split('\n')[1] ?? '';
      expect(line.startsWith('> ')).toBe(true);
      expect(line.slice(2)).not.toMatch(/[[\]<>@#]|:\/\/|www\./i);
    });

    it('keeps the ticket link clickable and the Chinese text readable', () => {
      const rendered = render('客厅空调只吹风(不制冷)');
      expect(rendered).toBe('### 新工单\n> 客厅空调只吹风(不制冷)\n[查看](https://desk.example.cn/tickets/42)');
    });

    it.each(['javascript:alert(1)//[x](y)', 'https://ok.example/a b', 'https://ok.example/(x)'])(
      'drops a ticket URL that is not a plain http(s) URL: %s',
      (url) => {
        expect(renderTemplate('[查看]({{ticket.url}})', { 'ticket.url': url }, { escape: 'markdown' })).toBe(
          '[查看]()',
        );
      },
    );

    it('turns markup characters into full-width look-alikes', () => {
      expect(escapeRobotMarkdown('**粗体** `code` ~~删~~ a_b \\ | &lt;')).toBe(
        '＊＊粗体＊＊ ｀code｀ ～～删～～ a＿b ＼ ｜ ＆lt;',
      );
    });
  });
});
