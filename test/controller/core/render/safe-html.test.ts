import {
  escapeHtml,
  html,
  SafeHtml,
  safeHref,
} from '../../../../controller/core/render/safe-html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

describe('html', () => {
  it('escapes interpolated text and numbers but keeps its own literal markup', () => {
    // Act
    const out = html`<p title="${'"><b>'}">${'<script>x</script>'} ${42}</p>`;
    // Assess
    expect(out.toString()).toBe(
      '<p title="&quot;&gt;&lt;b&gt;">&lt;script&gt;x&lt;/script&gt; 42</p>',
    );
  });

  it('inserts nested html as is and flattens lists', () => {
    // Prepare
    const items = ['a&b', '<c>'].map((s) => html`<li>${s}</li>`);
    // Act
    const out = html`<ul>${items}${[html`<li>`, 'd', html`</li>`]}</ul>`;
    // Assess
    expect(out.toString()).toBe('<ul><li>a&amp;b</li><li>&lt;c&gt;</li><li>d</li></ul>');
  });

  it('renders false, null and undefined as nothing', () => {
    expect(html`[${false}${null}${undefined}]`.toString()).toBe('[]');
  });

  it('cannot be given trusted markup from outside', () => {
    // Prepare
    const forge = SafeHtml as unknown as new (token: symbol, markup: string) => SafeHtml;
    // Act and assess
    expect(() => new forge(Symbol('trusted-html'), '<script>')).toThrow(
      'SafeHtml is built only by the html template tag',
    );
  });
});

describe('safeHref', () => {
  it.each([
    ['https://reports.example.com/a.json', 'https://reports.example.com/a.json'],
    ['http://127.0.0.1:9000/a.md', 'http://127.0.0.1:9000/a.md'],
    ['reports/prod/latest.json', 'reports/prod/latest.json'],
    ['/prod/latest.json', '/prod/latest.json'],
    ['javascript:alert(1)', undefined],
    [' JaVaScRiPt:alert(1)', undefined],
    ['java\nscript:alert(1)', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['vbscript:msgbox', undefined],
  ])('accepts %j as %j', (url, expected) => {
    expect(safeHref(url)).toBe(expected);
  });
});
