import type { Drift } from '../model/drift.js';
import type { UpdateServiceAction } from '../model/heal.js';
import type { LiveState } from '../model/live-state.js';
import type { DesiredState } from '../model/manifest.js';
import { formatPath } from '../model/manifest-path.js';
import { COMPARATORS, isRange } from './comparators.js';
import { serviceFields } from './fields.js';
import { draft, healed, notInPlace, notObserved, type ResourcePlan } from './heal-plan-common.js';
import type { IgnoreRules } from './path-pattern.js';

/** Service fields that live in the task definition: only a whole revision puts them back. */
const TASK_DEFINITION_FIELDS: ReadonlySet<string> = new Set([
  'cpu',
  'memory',
  'container',
  'image',
  'command',
  'port',
  'environment',
  'secrets',
  'healthCheck',
]);

/**
 * One `UpdateService` for an ECS service's drifts: the desired count (to the nearest bound of the
 * auto-scaling range, or the declared count), the task definition (back to the revision the stack
 * declares, unless an ignored field of it differs), the deployment configuration (drifted fields
 * declared, the others as live).
 */
export function planService(
  desired: DesiredState,
  live: LiveState,
  ignore: IgnoreRules,
  drifts: readonly Drift[],
): ResourcePlan<UpdateServiceAction> {
  const name = (drifts[0] as Drift).path[1] as string;
  const spec = desired.services.find((s) => s.name === name);
  const obs = live.services[name];
  if (!spec || obs?.state !== 'present') return notObserved(drifts);
  const service = obs.value;
  const out = draft();
  let desiredCount: number | undefined;
  let rollBack = false;
  const deployment = {
    ...service.deployment,
    circuitBreaker: { ...service.deployment.circuitBreaker },
  };
  // A revision also resets every ignored field of it: never roll back over an ignored difference.
  const ignoredInRevision = serviceFields(desired, spec, service)
    .checks.filter((c) => TASK_DEFINITION_FIELDS.has(c.path[2] as string))
    .filter((c) => ignore.ignores(c.path) && !COMPARATORS[c.comparator](c.declared, c.live))
    .map((c) => formatPath(c.path));

  for (const d of drifts) {
    const field = d.path[2] as string;
    if (field === 'desiredCount' && typeof d.live === 'number') {
      // Under auto-scaling, the nearest bound: the smallest change that is in range again.
      desiredCount = isRange(d.declared)
        ? Math.min(d.declared.max, Math.max(d.declared.min, d.live))
        : spec.desiredCount;
      out.heals.push(healed(d, desiredCount));
    } else if (field === 'deployment') {
      setDeployment(deployment, d.path.slice(3), d.declared);
      out.heals.push(healed(d));
    } else if (TASK_DEFINITION_FIELDS.has(field) && ignoredInRevision.length > 0) {
      out.unhealed.push({
        drift: d,
        reason: `rolling the task definition back would also reset ${ignoredInRevision.join(', ')}, which drift.ignore leaves alone`,
      });
    } else if (TASK_DEFINITION_FIELDS.has(field)) {
      rollBack = true;
      out.heals.push(healed(d));
    } else {
      out.unhealed.push(notInPlace(d));
    }
  }
  if (out.heals.length === 0) return { unhealed: out.unhealed };
  const deploymentDrifted = drifts.some((d) => d.path[2] === 'deployment');
  return {
    action: {
      api: 'UpdateService',
      key: (drifts[0] as Drift).key,
      heals: out.heals,
      cluster: service.clusterName,
      service: service.serviceName,
      ...(desiredCount === undefined ? {} : { desiredCount }),
      ...(rollBack
        ? {
            taskDefinition: { declaration: ['services', name], liveArn: service.taskDefinitionArn },
          }
        : {}),
      ...(deploymentDrifted ? { deployment } : {}),
    },
    unhealed: out.unhealed,
  };
}

/** Sets one drifted deployment field (`minimumHealthyPercent`, `circuitBreaker.enable`, ...). */
function setDeployment(
  deployment: {
    minimumHealthyPercent: number;
    maximumPercent: number;
    circuitBreaker: Record<string, boolean>;
  },
  rel: readonly string[],
  value: unknown,
): void {
  const [head, sub] = rel;
  if (head === 'circuitBreaker' && sub !== undefined && typeof value === 'boolean')
    deployment.circuitBreaker[sub] = value;
  else if (
    (head === 'minimumHealthyPercent' || head === 'maximumPercent') &&
    typeof value === 'number'
  )
    deployment[head] = value;
}
