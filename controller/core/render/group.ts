import type { Priority } from '../../model/drift.js';
import { priorityRank, worst } from '../../model/drift.js';
import type { DriftReport } from '../../model/report.js';

type ReportDrift = DriftReport['drifts'][number];

/** Drifts of one resource, for grouped rendering. */
export interface ResourceGroup {
  readonly kind: string;
  readonly name: string;
  readonly worst: Priority;
  readonly drifts: readonly ReportDrift[];
}

/** Groups drifts by resource, worst resource first (then by kind and name, for stable output). */
export function groupByResource(drifts: readonly ReportDrift[]): ResourceGroup[] {
  const groups = new Map<
    string,
    { kind: string; name: string; worst: Priority; drifts: ReportDrift[] }
  >();
  for (const d of drifts) {
    const id = `${d.resource.kind}/${d.resource.name}`;
    const g = groups.get(id);
    if (g) {
      g.drifts.push(d);
      g.worst = worst(g.worst, d.priority) ?? d.priority;
    } else {
      groups.set(id, {
        kind: d.resource.kind,
        name: d.resource.name,
        worst: d.priority,
        drifts: [d],
      });
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      priorityRank(a.worst) - priorityRank(b.worst) ||
      a.kind.localeCompare(b.kind) ||
      a.name.localeCompare(b.name),
  );
}
