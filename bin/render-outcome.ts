import { formatPath } from '../controller/model/manifest-path.js';
import type { RolloutOutcome } from '../controller/model/rollout-outcome.js';

/**
 * A rollout outcome for people: result, phases with timings, changes, why it stopped, and what
 * went wrong after execution without failing it.
 */
export function renderOutcome(o: RolloutOutcome): string {
  const lines = [
    `rollout ${o.environment} @ ${o.ref}: ${o.result}${o.stackStatus ? ` (${o.stackStatus})` : ''}`,
  ];
  for (const p of o.phases) {
    lines.push(
      `  ${p.status === 'ok' ? 'ok    ' : 'FAILED'} ${p.name.padEnd(10)} ${String(p.durationMs).padStart(6)} ms${p.reason ? `  ${p.reason}` : ''}`,
    );
  }
  if (o.changes.length > 0) {
    lines.push(`  changes: ${o.changes.length}`);
    // Additions are summarized by type; what changes or goes away is listed one by one.
    const added = new Map<string, number>();
    for (const c of o.changes) {
      if (c.action === 'Add') {
        added.set(c.resourceType, (added.get(c.resourceType) ?? 0) + 1);
        continue;
      }
      const replace =
        c.action === 'Modify' && c.replacement && c.replacement !== 'False'
          ? ` (replacement: ${c.replacement})`
          : '';
      lines.push(`    ${c.action.padEnd(6)} ${c.resourceType} ${c.logicalId}${replace}`);
    }
    for (const [type, n] of added) lines.push(`    Add    ${type}${n > 1 ? ` x${n}` : ''}`);
  }
  for (const b of o.blocked ?? []) lines.push(`  blocked: ${b.message}`);
  if (o.error && o.result !== 'blocked') lines.push(`  ${o.error}`);
  for (const w of o.warnings) lines.push(`  warning: ${w.message}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A rollout outcome as JSON for machines, with manifest paths dotted as in drift reports; `warnings`
 * is always present (`[]` when nothing went wrong after execution).
 */
export function renderOutcomeJson(o: RolloutOutcome): string {
  const blocked = o.blocked?.map((b) => (b.path ? { ...b, path: formatPath(b.path) } : b));
  return `${JSON.stringify(blocked ? { ...o, blocked } : o, null, 2)}\n`;
}
