import type { Priority } from '../../model/drift.js';
import type { ChangedBy, DriftReport, ScanStatus } from '../../model/report.js';
import { show } from '../messages.js';
import { groupByResource } from './group.js';
import { REPORT_STYLE } from './html-style.js';
import { html, type SafeHtml, safeHref } from './safe-html.js';

/** Where the same report is stored in its other formats, for links in the page's footer. */
export interface ReportUrls {
  /** @default - no link */
  readonly json?: string;
  /** @default - no link */
  readonly markdown?: string;
}

/** Options of {@link renderHtml}. */
export interface HtmlReportOptions {
  /** @default - no links to the other formats */
  readonly reportUrls?: ReportUrls;
  /** Shown above the environment name and in the document title. @default 'Plumbline drift report' */
  readonly title?: string;
}

type ReportDrift = DriftReport['drifts'][number];

/**
 * Scripts are forbidden outright: the report shows values taken from AWS and manifests, and even if
 * one slipped through unescaped, the browser would not run it. `base-uri` and `form-action` are not
 * covered by `default-src`, so they are closed separately.
 */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STATUS_LABEL: Readonly<Record<ScanStatus, string>> = {
  'in-sync': 'In sync',
  drifted: 'Drifted',
  error: 'Error',
};

const PRIORITY_MEANING: Readonly<Record<Priority, string>> = {
  P0: 'page now',
  P1: 'within 30 minutes',
  P2: 'next business day',
  P3: 'watch',
};

/**
 * A self-contained HTML5 page for people (phones included): the scan's summary, each drift grouped
 * by resource with its declared and live values side by side and who changed it, then what could
 * not be checked. Inline CSS only, no JavaScript; every value is escaped.
 */
export function renderHtml(report: DriftReport, options: HtmlReportOptions = {}): string {
  const title = options.title ?? 'Plumbline drift report';
  const status = STATUS_LABEL[report.status];
  const doc = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="referrer" content="no-referrer">
<title>${title}: ${report.environment} (${status.toLowerCase()})</title>
${REPORT_STYLE}
</head>
<body>
<div class="page">
${header(report, title)}
<main>
${report.error !== undefined && html`<p class="error-line"><strong>Error:</strong> ${report.error}</p>`}
${summaryNote(report)}
${groupByResource(report.drifts).map(
  (g) => html`<section class="resource">
<h2><span class="badge ${g.worst}">${g.worst}</span> <span class="kind">${g.kind}</span> <code class="name">${g.name}</code> <span class="count">${plural(g.drifts.length, 'drift')}</span></h2>
<ol class="drifts">
${g.drifts.map(driftCard)}
</ol>
</section>
`,
)}
${unchecked(report)}
</main>
${footer(options.reportUrls)}
</div>
</body>
</html>
`;
  return doc.toString();
}

function header(report: DriftReport, title: string): SafeHtml {
  const resources = new Set(report.drifts.map((d) => `${d.resource.kind}/${d.resource.name}`));
  // An error report with nothing drifted says only what went unchecked: "0 drifts" would read as
  // "in sync" for resources that were never seen.
  const counts = [
    report.drifts.length > 0 &&
      `${plural(report.drifts.length, 'drift')} on ${plural(resources.size, 'resource')}`,
    report.unchecked.length > 0 && `${report.unchecked.length} unchecked`,
  ].filter((c) => c !== false);
  return html`<header>
<p class="eyebrow">${title}</p>
<h1>${report.environment}</h1>
<p class="headline"><span class="badge status ${report.status}">${STATUS_LABEL[report.status]}</span>${
    report.worstPriority !== null &&
    html` <span class="badge worst ${report.worstPriority}">Worst ${report.worstPriority} · ${PRIORITY_MEANING[report.worstPriority]}</span>`
  }</p>
${counts.length > 0 && html`<p class="counts">${counts.join(' · ')}</p>`}
<dl class="facts">
<div class="ref-fact"><dt>Ref</dt><dd><code class="ref">${breakable(report.ref)}</code></dd></div>
<div><dt>Scanned</dt><dd>${time(report.scannedAt)}</dd></div>
<div><dt>API calls</dt><dd class="api-calls">${report.stats.apiCalls}</dd></div>
<div><dt>Duration</dt><dd class="duration">${report.stats.durationMs} ms</dd></div>
</dl>
</header>`;
}

function summaryNote(report: DriftReport): SafeHtml | false {
  if (report.status === 'in-sync')
    return html`<p class="note">Everything declared matches the live state.</p>`;
  if (report.status === 'error' && report.drifts.length === 0 && report.unchecked.length === 0)
    return html`<p class="note">The scan could not run: nothing was compared.</p>`;
  return false;
}

function driftCard(d: ReportDrift): SafeHtml {
  return html`<li class="drift ${d.priority}" data-priority="${d.priority}">
<div class="drift-head"><span class="badge ${d.priority}">${d.priority}</span> <span class="action">${d.action}</span> <code class="path">${breakable(d.path)}</code></div>
<div class="compare">
<div class="side declared"><span class="label">Declared</span>${value(d.declared)}</div>
<div class="side live"><span class="label">Live</span>${value(d.live)}</div>
</div>
<p class="message">${d.message}</p>
${changedBy(d.changedBy)}
</li>
`;
}

/** A value as the text report shows it; "absent" and "not set" are marked as no value. */
function value(v: unknown): SafeHtml {
  const none = v === null || v === undefined;
  return html`<code class="value${none ? ' none' : ''}">${breakable(show(v))}</code>`;
}

/** Who changed the resource, as CloudTrail recorded it; "unknown" when it did not say. */
function changedBy(c: ChangedBy | undefined): SafeHtml {
  const who =
    c === undefined
      ? html`<span class="who unknown">unknown</span>`
      : html`<span class="who"><code class="principal">${breakable(c.principal)}</code> · <span class="event">${c.eventName}</span> · ${time(c.eventTime)}</span>`;
  return html`<p class="changed-by"><span class="label">Changed by</span> ${who}</p>`;
}

function unchecked(report: DriftReport): SafeHtml | false {
  if (report.unchecked.length === 0) return false;
  // A reason the report already states once, above, is not repeated per resource.
  return html`<section class="unchecked">
<h2>Unchecked <span class="count">could not be read; not counted as in sync</span></h2>
<ul>
${report.unchecked.map(
  (
    u,
  ) => html`<li><span class="kind">${u.resource.kind}</span> <code class="name">${u.resource.name}</code> (<code class="path">${breakable(u.path)}</code>)${u.reason !== report.error && html`: <span class="reason">${u.reason}</span>`}</li>
`,
)}
</ul>
</section>`;
}

function footer(urls: ReportUrls | undefined): SafeHtml | false {
  const links = [link(urls?.json, 'JSON'), link(urls?.markdown, 'Markdown')].filter(
    (l) => l !== false,
  );
  return links.length > 0 && html`<footer>This report as ${joinWith(links, ' · ')}.</footer>`;
}

function link(url: string | undefined, label: string): SafeHtml | false {
  const href = url === undefined ? undefined : safeHref(url);
  return href !== undefined && html`<a href="${href}">${label}</a>`;
}

/** An ISO 8601 instant for people (`2026-11-21 10:00:00 UTC`), machine-readable in `datetime`. */
function time(iso: string): SafeHtml {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return html`<time datetime="${iso}">${m ? `${m[1]} ${m[2]} UTC` : iso}</time>`;
}

/**
 * Text with line-break opportunities after `.`, `/`, `:`, `@` and `,`, so that a long manifest
 * path, image reference or ARN wraps between its parts on a phone rather than mid-word.
 */
function breakable(text: string): SafeHtml[] {
  return text
    .split(/(?<=[./:@,])/)
    .map((part, i) => (i === 0 ? html`${part}` : html`<wbr>${part}`));
}

function joinWith(items: readonly SafeHtml[], separator: string): SafeHtml[] {
  return items.map((item, i) => (i === 0 ? item : html`${separator}${item}`));
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
