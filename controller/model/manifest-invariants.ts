import type { z } from 'zod';
import { checkListenerActions } from './listener-invariants.js';
import { type DesiredState, manifestShape } from './manifest.js';
import { ELB_NAME_MAX, targetGroupName } from './names.js';
import { checkRolloutGates } from './rollout-invariants.js';
import { FARGATE_MEMORY_BY_CPU } from './vocabulary.js';

type Path = (string | number)[];

/**
 * Cross-field rules that a field-by-field schema cannot express.
 * Each issue carries the path of the offending field so the parser can point at its line and column.
 */
export function checkManifestInvariants(m: DesiredState, ctx: z.RefinementCtx): void {
  const fail = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });

  checkEnvironmentRole(m.environment, fail);

  for (const i of duplicates(m.services.map((s) => s.name)))
    fail(['services', i, 'name'], `duplicate service name "${m.services[i]?.name}"`);

  m.services.forEach((s, i) => {
    const allowed = FARGATE_MEMORY_BY_CPU[s.cpu];
    if (!allowed) {
      fail(
        ['services', i, 'cpu'],
        `invalid Fargate cpu ${s.cpu}; allowed: ${Object.keys(FARGATE_MEMORY_BY_CPU).join(', ')}`,
      );
    } else if (!allowed.includes(s.memory)) {
      fail(
        ['services', i, 'memory'],
        `invalid Fargate memory ${s.memory} for cpu ${s.cpu}; allowed: ${formatList(allowed)}`,
      );
    }
    const a = s.autoscaling;
    if (a) {
      if (a.min > a.max)
        fail(['services', i, 'autoscaling', 'min'], `min ${a.min} is greater than max ${a.max}`);
      else if (s.desiredCount < a.min || s.desiredCount > a.max)
        fail(
          ['services', i, 'desiredCount'],
          `desiredCount ${s.desiredCount} is outside the autoscaling range ${a.min}..${a.max}`,
        );
    }
    if (s.deployment.maximumPercent < 100)
      fail(
        ['services', i, 'deployment', 'maximumPercent'],
        'maximumPercent must be at least 100 for rolling deployments',
      );
    if (s.deployment.minimumHealthyPercent > s.deployment.maximumPercent)
      fail(
        ['services', i, 'deployment', 'minimumHealthyPercent'],
        'minimumHealthyPercent must not exceed maximumPercent',
      );
  });

  if (m.network.natGateways > m.network.availabilityZones.length)
    fail(
      ['network', 'natGateways'],
      `natGateways ${m.network.natGateways} exceeds the ${m.network.availabilityZones.length} availability zones`,
    );
  for (const i of duplicates(m.network.availabilityZones))
    fail(
      ['network', 'availabilityZones', i],
      `duplicate availability zone "${m.network.availabilityZones[i]}"`,
    );
  m.network.availabilityZones.forEach((az, i) => {
    // An AZ is its region plus one letter; a prefix test would take eu-west-10a for eu-west-1.
    if (az.slice(0, -1) !== m.environment.region)
      fail(
        ['network', 'availabilityZones', i],
        `availability zone "${az}" is not in region ${m.environment.region}`,
      );
  });

  const lb = m.loadBalancer;
  if (lb) {
    // The first declaration wins, as for duplicates above: a repeated name is reported once.
    const services = new Map<string, (typeof m.services)[number]>();
    for (const s of m.services) if (!services.has(s.name)) services.set(s.name, s);
    const groups = new Set(lb.targetGroups.map((t) => t.name));
    for (const i of duplicates(lb.targetGroups.map((t) => t.name)))
      fail(
        ['loadBalancer', 'targetGroups', i, 'name'],
        `duplicate target group name "${lb.targetGroups[i]?.name}"`,
      );
    for (const i of duplicates(lb.targetGroups.map((t) => t.service)))
      fail(
        ['loadBalancer', 'targetGroups', i, 'service'],
        `service "${lb.targetGroups[i]?.service}" already has a target group`,
      );
    lb.targetGroups.forEach((t, i) => {
      // ELB refuses names over 32 characters; a derived name can grow past that unnoticed.
      const physical = targetGroupName(m, t);
      if (t.targetGroupName === undefined && physical.length > ELB_NAME_MAX)
        fail(
          ['loadBalancer', 'targetGroups', i, 'name'],
          `the target group would be named "${physical}" (${physical.length} characters, ELB allows ${ELB_NAME_MAX}): shorten the name or set targetGroupName`,
        );
      const svc = services.get(t.service);
      if (!svc)
        fail(
          ['loadBalancer', 'targetGroups', i, 'service'],
          `unknown service "${t.service}"; declared: ${formatList([...services.keys()])}`,
        );
      else if (svc.port === undefined)
        fail(
          ['loadBalancer', 'targetGroups', i, 'service'],
          `service "${t.service}" declares no port, so it cannot receive traffic`,
        );
      if (t.healthCheck.timeoutSeconds >= t.healthCheck.intervalSeconds)
        fail(
          ['loadBalancer', 'targetGroups', i, 'healthCheck', 'timeoutSeconds'],
          'timeoutSeconds must be less than intervalSeconds',
        );
    });
    for (const i of duplicates(lb.listeners.map((l) => l.port)))
      fail(
        ['loadBalancer', 'listeners', i, 'port'],
        `duplicate listener port ${lb.listeners[i]?.port}`,
      );
    lb.listeners.forEach((l, i) => {
      if (l.forward !== undefined && !groups.has(l.forward))
        fail(
          ['loadBalancer', 'listeners', i, 'forward'],
          `unknown target group "${l.forward}"; declared: ${formatList([...groups])}`,
        );
      if (l.protocol === 'HTTPS' && !l.certificateArn)
        fail(
          ['loadBalancer', 'listeners', i, 'certificateArn'],
          'an HTTPS listener needs certificateArn',
        );
      if (l.protocol === 'HTTP' && l.certificateArn)
        fail(
          ['loadBalancer', 'listeners', i, 'certificateArn'],
          'an HTTP listener takes no certificateArn',
        );
    });
    checkListenerActions(lb.listeners, fail);
  }

  if (m.rollout.after === m.environment.name)
    fail(['rollout', 'after'], 'an environment cannot be promoted after itself');
  checkRolloutGates(m.rollout, fail);
}

/**
 * A declared role must live in the environment's own account: assuming a role elsewhere would read
 * and write another account than the one the manifest (and the rollout's account guard) names.
 */
function checkEnvironmentRole(
  env: DesiredState['environment'],
  fail: (path: Path, message: string) => void,
): void {
  if (env.roleArn === undefined) {
    if (env.externalId !== undefined)
      fail(
        ['environment', 'externalId'],
        'externalId is sent when assuming roleArn; declare roleArn',
      );
    return;
  }
  const account = env.roleArn.split(':')[4];
  if (account !== env.account)
    fail(
      ['environment', 'roleArn'],
      `role is in account ${account}, not in the environment's account ${env.account}`,
    );
}

/** Indexes of entries that repeat an earlier entry. */
function duplicates<T>(values: readonly T[]): number[] {
  const seen = new Set<T>();
  const out: number[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) out.push(i);
    seen.add(v);
  });
  return out;
}

function formatList(values: readonly (string | number)[]): string {
  return values.join(', ');
}

/** The manifest schema with its cross-field invariants (Fargate sizes, ranges, references, duplicates). */
export const manifestSchema = manifestShape.superRefine(checkManifestInvariants);
