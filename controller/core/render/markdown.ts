import type { DriftReport } from '../../model/report.js';
import { show } from '../messages.js';
import { groupByResource } from './group.js';

const STATUS_BADGE = { 'in-sync': '✅ in sync', drifted: '⚠️ drifted', error: '❌ error' } as const;

/** A Markdown report for people: summary line, one table per resource, then what was not checked. */
export function renderMarkdown(report: DriftReport): string {
  const out: string[] = [
    `## Drift report: ${report.environment}`,
    '',
    `**${STATUS_BADGE[report.status]}**${report.worstPriority ? `, worst priority **${report.worstPriority}**` : ''} · ref \`${report.ref}\` · scanned ${report.scannedAt} · ${report.stats.apiCalls} API calls in ${report.stats.durationMs} ms`,
  ];
  if (report.error) out.push('', `> ${escapeCell(report.error)}`);
  for (const g of groupByResource(report.drifts)) {
    out.push(
      '',
      `### ${g.worst} · ${g.kind} \`${g.name}\``,
      '',
      '| priority | action | path | declared | live |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const d of g.drifts) {
      out.push(
        `| ${d.priority} | ${d.action} | \`${d.path}\` | ${cell(d.declared)} | ${cell(d.live)} |`,
      );
    }
  }
  if (report.unchecked.length > 0) {
    out.push('', '### Unchecked (could not be read)', '');
    for (const u of report.unchecked)
      out.push(
        `- ${u.resource.kind} \`${u.resource.name}\` (\`${u.path}\`)${u.reason === report.error ? '' : `: ${escapeCell(u.reason)}`}`,
      );
  }
  return `${out.join('\n')}\n`;
}

function cell(v: unknown): string {
  return v === undefined ? '—' : `\`${escapeCell(show(v))}\``;
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
