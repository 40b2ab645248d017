import type { Priority } from '../../model/drift.js';
import type { DriftReport } from '../../model/report.js';
import { show } from '../messages.js';
import { groupByResource } from './group.js';

/** ANSI styling, or none. Passed in so rendering stays pure. */
export interface Palette {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly priority: (p: Priority, s: string) => string;
  readonly ok: (s: string) => string;
  readonly error: (s: string) => string;
}

export const PLAIN: Palette = { bold: id, dim: id, priority: (_p, s) => s, ok: id, error: id };

const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const PRIORITY_COLOUR: Readonly<Record<Priority, (s: string) => string>> = {
  P0: ansi(31),
  P1: ansi(33),
  P2: ansi(36),
  P3: ansi(2),
};
export const COLOURS: Palette = {
  bold: ansi(1),
  dim: ansi(2),
  priority: (p, s) => PRIORITY_COLOUR[p](s),
  ok: ansi(32),
  error: ansi(31),
};

/** A readable diff grouped by resource, worst first. */
export function renderText(report: DriftReport, c: Palette = PLAIN): string {
  const lines: string[] = [];
  const head = `${c.bold(report.environment)} @ ${report.ref}`;
  const stats = c.dim(`${report.stats.apiCalls} API calls, ${report.stats.durationMs} ms`);
  if (report.error && report.unchecked.length === 0 && report.drifts.length === 0) {
    lines.push(`${head}: ${c.error('error')}`, `  ${report.error}`);
    return `${lines.join('\n')}\n`;
  }
  const summary =
    report.status === 'in-sync'
      ? c.ok('in sync')
      : report.status === 'drifted'
        ? c.priority(
            report.worstPriority ?? 'P3',
            `${report.drifts.length} drift(s), worst ${report.worstPriority}`,
          )
        : c.error(
            `error: ${report.unchecked.length} resource(s) unchecked, ${report.drifts.length} drift(s)`,
          );
  lines.push(`${head}: ${summary}  ${stats}`);
  if (report.error) lines.push(`  ${c.error(report.error)}`);
  for (const g of groupByResource(report.drifts)) {
    lines.push('', `  ${c.priority(g.worst, g.worst)} ${c.bold(`${g.kind} ${g.name}`)}`);
    for (const d of g.drifts) {
      lines.push(`    ${c.priority(d.priority, d.priority)} ${d.action.padEnd(6)} ${d.path}`);
      if (d.action === 'update') {
        lines.push(
          `        ${c.dim('declared')} ${show(d.declared)}`,
          `        ${c.dim('live    ')} ${show(d.live)}`,
        );
      } else {
        lines.push(`        ${c.dim(d.message)}`);
      }
    }
  }
  if (report.unchecked.length > 0) {
    lines.push('', `  ${c.error('unchecked')} (could not be read; not in sync)`);
    // A reason the report already states once, above, is not repeated per resource.
    for (const u of report.unchecked)
      lines.push(
        `    ${u.resource.kind} ${u.resource.name} (${u.path})${u.reason === report.error ? '' : `: ${u.reason}`}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

function id(s: string): string {
  return s;
}
