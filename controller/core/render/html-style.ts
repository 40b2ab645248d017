import { html } from './safe-html.js';

/**
 * The HTML report's stylesheet, inline because the report is one self-contained file (its
 * Content-Security-Policy allows inline styles and nothing else). Colours keep a contrast of at
 * least 4.5:1 for their text; every colour also has a text label, so nothing relies on colour alone.
 * Narrow screens (a phone, 375 px) get the same cards with declared and live still side by side.
 */
export const REPORT_STYLE = html`<style>
:root {
  --text: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; --page: #ffffff;
  --p0: #b42318; --p1: #f5b82e; --p2: #175cd3; --p3: #475467;
  --ok: #067647; --drifted: #a15c07; --error: #b42318;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; padding: 1rem; background: var(--page); color: var(--text);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  overflow-wrap: anywhere;
}
.page { max-width: 68rem; margin: 0 auto; }
code, .value { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.875rem; }
h1, h2 { line-height: 1.25; margin: 0; }
h1 { font-size: 1.75rem; }
h2 { font-size: 1.125rem; display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.5rem; }
.eyebrow { margin: 0 0 0.25rem; color: var(--muted); font-size: 0.875rem; text-transform: uppercase; letter-spacing: 0.04em; }
header { border-bottom: 1px solid var(--line); padding-bottom: 1rem; margin-bottom: 1rem; }
.headline { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin: 0.5rem 0; }
.counts { margin: 0; color: var(--muted); }
.badge {
  display: inline-block; padding: 0.125rem 0.5rem; border-radius: 999px; font-weight: 600;
  font-size: 0.875rem; color: #ffffff; background: var(--p3); white-space: nowrap;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.badge.P0 { background: var(--p0); }
.badge.P1 { background: var(--p1); color: var(--text); }
.badge.P2 { background: var(--p2); }
.badge.P3 { background: var(--p3); }
.badge.in-sync { background: var(--ok); }
.badge.drifted { background: var(--drifted); }
.badge.error { background: var(--error); }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.5rem 1rem; margin: 0.75rem 0 0; }
.facts div { min-width: 0; }
.facts dt, .label { color: var(--muted); font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; }
.facts dd { margin: 0; }
.error-line { border: 1px solid var(--error); border-left-width: 0.375rem; border-radius: 0.375rem; padding: 0.75rem; margin: 0 0 1rem; background: #fef3f2; }
.note { color: var(--muted); }
.resource { margin: 0 0 1.5rem; }
h2 .count { color: var(--muted); font-weight: 400; font-size: 0.875rem; }
.drifts { list-style: none; margin: 0.5rem 0 0; padding: 0; display: grid; gap: 0.75rem; }
.drift {
  border: 1px solid var(--line); border-left: 0.375rem solid var(--p3); border-radius: 0.375rem;
  padding: 0.75rem; min-width: 0; break-inside: avoid;
}
.drift.P0 { border-left-color: var(--p0); }
.drift.P1 { border-left-color: var(--p1); }
.drift.P2 { border-left-color: var(--p2); }
.drift-head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.5rem; }
.action { font-weight: 600; }
.drift-head .path { font-weight: 600; }
.compare { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.5rem; margin: 0.5rem 0; }
.side { background: var(--panel); border-radius: 0.25rem; padding: 0.375rem 0.5rem; min-width: 0; }
.side .value { display: block; white-space: pre-wrap; }
.side.live { background: #fff4e5; }
.none { font-style: italic; color: var(--muted); }
.message { margin: 0.25rem 0; }
.changed-by { margin: 0.25rem 0 0; font-size: 0.875rem; }
.changed-by .label { margin-right: 0.25rem; }
.unchecked ul { margin: 0.5rem 0 0; padding-left: 1.25rem; }
.unchecked li { margin: 0.25rem 0; }
footer { border-top: 1px solid var(--line); margin-top: 1.5rem; padding-top: 0.75rem; color: var(--muted); font-size: 0.875rem; }
a { color: #0b57d0; }
@media (min-width: 48rem) {
  body { padding: 1.5rem 2rem; }
  .drift { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 0 1rem; }
  .drift .compare { grid-column: 2; grid-row: 1 / span 3; margin: 0; align-self: start; }
}
@media (max-width: 47.99rem) {
  .facts .ref-fact { grid-column: 1 / -1; }
}
@page { margin: 1.5cm; }
@media print {
  body { padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  .side, .side.live, .error-line { background: none; }
  .drift, .unchecked li { break-inside: avoid; }
  a[href]::after { content: " (" attr(href) ")"; }
}
</style>`;
