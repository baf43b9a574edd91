import { escapeHtml, fillTemplate, TrustedHtml } from './html-template';

describe('escapeHtml', () => {
  it('escapes & < > " and \'', () => {
    expect(escapeHtml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
  });

  it('escapes an attribute breakout so it stays inside the attribute', () => {
    expect(escapeHtml('"><script>alert(1)</script>')).toBe('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('fillTemplate', () => {
  it('escapes strings and inserts trusted markup verbatim', () => {
    const filled = fillTemplate('<p title="{{title}}">{{ body }}</p>', { title: 'a"b', body: new TrustedHtml('<b>x</b>') });
    expect(filled.html).toBe('<p title="a&quot;b"><b>x</b></p>');
  });

  it('fills every occurrence of a placeholder', () => {
    expect(fillTemplate('{{x}}-{{x}}', { x: '<' }).html).toBe('&lt;-&lt;');
  });

  it('throws on a placeholder without a value', () => {
    expect(() => fillTemplate('{{missing}}', {})).toThrow('{{missing}}');
  });

  it('throws on a value without a placeholder', () => {
    expect(() => fillTemplate('plain', { extra: 'x' })).toThrow('extra');
  });

  it('does not re-expand placeholders that arrive inside values', () => {
    expect(fillTemplate('{{a}}', { a: '{{b}}' }).html).toBe('{{b}}');
  });
});
