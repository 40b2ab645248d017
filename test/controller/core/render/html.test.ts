import { renderHtml } from '../../../../controller/core/render/html.js';
import { errorReport } from '../../../../controller/core/report.js';
import {
  driftedReport,
  hostileReport,
  inSyncReport,
  sharedErrorReport,
} from '../../../fixtures/drift-reports.js';

/** The report's own elements; anything else in a rendered page came from a value. */
const OWN_TAGS = [
  '!DOCTYPE',
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'div',
  'header',
  'p',
  'h1',
  'h2',
  'span',
  'dl',
  'dt',
  'dd',
  'code',
  'time',
  'main',
  'section',
  'ol',
  'ul',
  'li',
  'strong',
  'wbr',
  'footer',
  'a',
];

/** Every tag name opened or closed in a page. */
function tagsOf(page: string): Set<string> {
  return new Set([...page.matchAll(/<\/?([!a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1] ?? ''));
}

/** The text of an element's body with `<wbr>` break hints removed. */
function text(fragment: string): string {
  return fragment.replace(/<wbr>/g, '');
}

/** The card of the drift at `path`. */
function card(page: string, path: string): string {
  const cards = page.split('<li class="drift ').slice(1);
  const found = cards.find((c) => text(c).includes(`<code class="path">${path}</code>`));
  if (found === undefined) throw new Error(`no card for ${path}`);
  return text(found);
}

describe('renderHtml', () => {
  it('writes a complete HTML5 document with a viewport and a CSP that forbids scripts', () => {
    // Act
    const page = renderHtml(inSyncReport());
    // Assess
    expect(
      page.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'),
    ).toBe(true);
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:; base-uri &#39;none&#39;; form-action &#39;none&#39;">`,
    );
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page.match(/<style>/g)).toHaveLength(1);
    expect(page).toContain('@media print');
    expect(page).not.toMatch(/<script|<link|\ssrc=/i);
    expect(page.endsWith('</body>\n</html>\n')).toBe(true);
  });

  it('shows an in-sync report with its facts and nothing to fix', () => {
    // Act
    const page = renderHtml(inSyncReport());
    // Assess
    expect(page).toContain('<title>Plumbline drift report: staging (in sync)</title>');
    expect(page).toContain('<h1>staging</h1>');
    expect(page).toContain('<span class="badge status in-sync">In sync</span></p>');
    expect(page).not.toContain('badge worst');
    expect(text(page)).toContain('<code class="ref">refs/heads/main@4f2c9a1</code>');
    expect(page).toContain(
      '<time datetime="2026-11-21T10:00:00.000Z">2026-11-21 10:00:00 UTC</time>',
    );
    expect(page).toContain('<dd class="api-calls">7</dd>');
    expect(page).toContain('<dd class="duration">412 ms</dd>');
    expect(page).toContain('Everything declared matches the live state.');
    expect(page).not.toContain('<li class="drift');
    expect(page).not.toContain('class="unchecked"');
  });

  it('shows the status, worst priority and counts of a drifted report', () => {
    // Act
    const page = renderHtml(driftedReport());
    // Assess
    expect(page).toContain('<span class="badge status drifted">Drifted</span>');
    expect(page).toContain('<span class="badge worst P0">Worst P0 · page now</span>');
    expect(page).toContain('<p class="counts">5 drifts on 4 resources</p>');
    expect(page.match(/<li class="drift /g)).toHaveLength(5);
  });

  it('groups drifts by resource, worst resource first', () => {
    // Act
    const page = renderHtml(driftedReport());
    // Assess
    const headings = [...page.matchAll(/<h2><span class="badge (P\d)">.*?<\/h2>/g)].map((m) =>
      m[0].replace(/<[^>]+>/g, ''),
    );
    expect(headings).toEqual([
      'P0 rds-instance prod-postgres 1 drift',
      'P1 ecs-service prod-api 2 drifts',
      'P1 target-group prod-api 1 drift',
      'P3 ecs-service prod-debug-shell 1 drift',
    ]);
  });

  it('shows declared and live values side by side as the text report does', () => {
    // Act
    const page = renderHtml(driftedReport());
    // Assess
    const range = card(page, 'services.api.desiredCount');
    expect(range).toContain(
      '<div class="side declared"><span class="label">Declared</span><code class="value">3..10</code></div>\n<div class="side live"><span class="label">Live</span><code class="value">20</code></div>',
    );
    expect(range).toContain('<span class="badge P2">P2</span> <span class="action">update</span>');
    expect(range).toContain(
      '<p class="message">services.api.desiredCount is 20, outside the declared range 3..10</p>',
    );
    expect(card(page, 'loadBalancer.targetGroups.api.healthCheck.path')).toContain(
      '<code class="value">/health</code></div>\n<div class="side live"><span class="label">Live</span><code class="value none">absent</code>',
    );
    expect(card(page, 'database.publiclyAccessible')).toContain(
      '<code class="value">false</code></div>\n<div class="side live"><span class="label">Live</span><code class="value">true</code>',
    );
  });

  it('shows who changed a drift, and unknown when CloudTrail did not say', () => {
    // Act
    const page = renderHtml(driftedReport());
    // Assess
    expect(card(page, 'database.publiclyAccessible')).toContain(
      '<p class="changed-by"><span class="label">Changed by</span> <span class="who"><code class="principal">arn:aws:iam::222222222222:user/bob</code> · <span class="event">ModifyDBInstance</span> · <time datetime="2026-11-21T08:02:55Z">2026-11-21 08:02:55 UTC</time></span></p>',
    );
    expect(card(page, 'services.api.image')).toContain(
      '<p class="changed-by"><span class="label">Changed by</span> <span class="who unknown">unknown</span></p>',
    );
    expect(page.match(/<span class="who unknown">unknown<\/span>/g)).toHaveLength(3);
  });

  it('states a shared error once and lists the unchecked resources without repeating it', () => {
    // Act
    const page = renderHtml(sharedErrorReport());
    // Assess
    expect(page).toContain('<span class="badge status error">Error</span>');
    expect(page).toContain(
      '<p class="error-line"><strong>Error:</strong> the AWS session has expired (ExpiredToken): sign in again</p>',
    );
    expect(page.match(/the AWS session has expired/g)).toHaveLength(1);
    expect(page).toContain('<p class="counts">3 unchecked</p>');
    expect(text(page)).toContain(
      '<li><span class="kind">rds-instance</span> <code class="name">dev-postgres</code> (<code class="path">database</code>)</li>',
    );
    expect(page.match(/<li><span class="kind">/g)).toHaveLength(3);
  });

  it('gives an unchecked resource its own reason when it differs from the error', () => {
    // Act
    const page = renderHtml(hostileReport());
    // Assess
    expect(page).toContain(
      '(<code class="path">database</code>): <span class="reason">&lt;iframe src=&quot;javascript:window.__xss=&#39;iframe&#39;&quot;&gt;&lt;/iframe&gt;</span></li>',
    );
  });

  it('says so when the scan could not run at all', () => {
    // Prepare
    const facts = {
      environment: 'qa',
      ref: 'main',
      scannedAt: new Date(0),
      apiCalls: 0,
      durationMs: 3,
    };
    // Act
    const page = renderHtml(errorReport(facts, 'manifest qa.yaml is invalid'));
    // Assess
    expect(page).toContain(
      '<p class="error-line"><strong>Error:</strong> manifest qa.yaml is invalid</p>',
    );
    expect(page).toContain('The scan could not run: nothing was compared.');
    expect(page).not.toContain('class="counts"');
  });

  it('escapes every value, so hostile markup renders as text and adds no element', () => {
    // Act
    const page = renderHtml(hostileReport());
    // Assess
    expect([...tagsOf(page)].filter((t) => !OWN_TAGS.includes(t))).toEqual([]);
    expect(page).not.toMatch(/<script|<img|<svg|<iframe|<[^>]*\son\w+=/i);
    expect(page.match(/<\/style>/g)).toHaveLength(1);
    expect(page).toContain(
      '<h1>prod&quot;&gt;&lt;svg onload=&quot;window.__xss=&#39;svg&#39;&quot;&gt;</h1>',
    );
    expect(text(page)).toContain(
      '<code class="value">&lt;script&gt;alert(1)&lt;/script&gt;</code>',
    );
    expect(text(page)).toContain(
      '<code class="value">Tom &amp; Jerry&#39;s &quot;quoted&quot; &amp;amp; &lt;b&gt;bold&lt;/b&gt;</code>',
    );
    expect(text(page)).toContain(
      '<code class="ref">&lt;/style&gt;&lt;script&gt;window.__xss=&#39;style&#39;&lt;/script&gt;</code>',
    );
    expect(page).toContain(
      '<time datetime="&lt;/style&gt;&lt;script&gt;window.__xss=&#39;style&#39;&lt;/script&gt;">',
    );
  });

  it('links the other formats only through http(s) URLs', () => {
    // Act
    const page = renderHtml(inSyncReport(), {
      reportUrls: {
        json: 'https://reports.example.com/staging/latest.json?a=1&b="2"',
        markdown: ' JavaScript:alert(1)',
      },
    });
    // Assess
    expect(page).toContain(
      '<footer>This report as <a href="https://reports.example.com/staging/latest.json?a=1&amp;b=&quot;2&quot;">JSON</a>.</footer>',
    );
    expect(page).not.toContain('Markdown');
    expect(page).not.toMatch(/javascript:/i);
  });

  it('has no footer without report URLs, and uses a given title', () => {
    // Act
    const page = renderHtml(inSyncReport(), { title: 'Nightly <scan>' });
    // Assess
    expect(page).not.toContain('<footer>');
    expect(page).toContain('<title>Nightly &lt;scan&gt;: staging (in sync)</title>');
    expect(page).toContain('<p class="eyebrow">Nightly &lt;scan&gt;</p>');
  });
});
