import type { DriftAction, Priority } from '../model/drift.js';
import type { ManifestPath } from '../model/manifest-path.js';
import type { ResourceKind } from '../model/resource-key.js';
import { SSL_POLICY_MIN_TLS } from '../model/vocabulary.js';
import { compilePattern, matchesPath, type PathPattern } from './path-pattern.js';

/** What classification looks at: where the drift is, what it would take, and the two values. */
export interface ClassifyInput {
  readonly kind: ResourceKind;
  readonly action: DriftAction;
  readonly path: ManifestPath;
  readonly declared: unknown;
  readonly live: unknown;
}

type Rule = readonly [pattern: string, priority: Priority | ((d: ClassifyInput) => Priority)];

/** A safety setting is weaker when it is declared on and found off. */
const offWhenDeclaredOn =
  (priority: Priority) =>
  (d: ClassifyInput): Priority =>
    d.declared === true && d.live !== true ? priority : 'P3';
const weakerWhenOff = offWhenDeclaredOn('P1');

/**
 * A live TLS policy that accepts an older TLS version than the declared one, or that is not a
 * known policy, is weaker (P1); one of the same oldest version differs only in its ciphers (P2);
 * a stricter one is P3.
 */
function tlsPolicyDrift(d: ClassifyInput): Priority {
  const declared = typeof d.declared === 'string' ? SSL_POLICY_MIN_TLS[d.declared] : undefined;
  const live = typeof d.live === 'string' ? SSL_POLICY_MIN_TLS[d.live] : undefined;
  if (declared === undefined || live === undefined || live < declared) return 'P1';
  return live === declared ? 'P2' : 'P3';
}

/**
 * A listener that should redirect but serves (forwards) or redirects elsewhere is P1: plain HTTP is
 * being served, or clients are sent to the wrong place. A redirect that differs only in its status
 * code (301 or 302) still ends on the declared target: P3.
 */
function redirectDrift(d: ClassifyInput): Priority {
  const declared = d.declared as Readonly<Record<string, unknown>> | undefined;
  const live = d.live as Readonly<Record<string, unknown>> | undefined;
  if (!declared || !live || typeof live !== 'object') return 'P1';
  const target = ['protocol', 'port', 'host', 'path', 'query'];
  return target.every((k) => declared[k] === live[k]) ? 'P3' : 'P1';
}

/**
 * Default priorities for field drift, most specific first. P0 pages now, P1 within 30 minutes,
 * P2 next business day, P3 is configuration drift of no immediate consequence.
 */
const FIELD_RULES: readonly Rule[] = [
  ['database.publiclyAccessible', (d) => (d.declared === false && d.live === true ? 'P0' : 'P3')],
  ['database.storageEncrypted', (d) => (d.declared === true && d.live !== true ? 'P0' : 'P3')],
  ['database.multiAz', weakerWhenOff],
  ['database.deletionProtection', weakerWhenOff],
  [
    'database.backupRetentionDays',
    (d) =>
      typeof d.live === 'number' && typeof d.declared === 'number' && d.live < d.declared
        ? 'P1'
        : 'P3',
  ],
  ['database.instanceClass', 'P2'],
  ['database.allocatedStorage', 'P2'],
  ['database.storageType', 'P2'],
  ['services.*.image', 'P1'],
  ['services.*.command', 'P1'],
  ['services.*.container', 'P1'],
  ['services.*.environment', 'P1'],
  ['services.*.secrets', 'P1'],
  ['services.*.desiredCount', 'P2'],
  ['services.*.cpu', 'P2'],
  ['services.*.memory', 'P2'],
  ['services.*.healthCheck', 'P2'],
  ['services.*.deployment', 'P2'],
  ['services.*.readonlyRootFilesystem', offWhenDeclaredOn('P2')],
  ['loadBalancer.scheme', 'P1'],
  ['loadBalancer.idleTimeoutSeconds', 'P2'],
  ['loadBalancer.dropInvalidHeaderFields', offWhenDeclaredOn('P2')],
  ['loadBalancer.deletionProtection', offWhenDeclaredOn('P2')],
  ['loadBalancer.accessLogs', offWhenDeclaredOn('P2')],
  ['loadBalancer.targetGroups.*.healthCheck.path', 'P1'],
  ['loadBalancer.targetGroups.*.healthCheck.port', 'P1'],
  ['loadBalancer.targetGroups.*.healthCheck', 'P2'],
  ['loadBalancer.listeners.*.forward', 'P1'],
  ['loadBalancer.listeners.*.protocol', 'P1'],
  ['loadBalancer.listeners.*.certificateArn', 'P1'],
  ['loadBalancer.listeners.*.sslPolicy', tlsPolicyDrift],
  ['loadBalancer.listeners.*.redirect', redirectDrift],
];
const COMPILED_RULES = FIELD_RULES.map(([p, priority]) => [compilePattern(p), priority] as const);

/** The default priority of a drift, before the manifest's overrides. */
export function defaultPriority(d: ClassifyInput): Priority {
  if (d.action === 'create') return d.kind === 'target-group' ? 'P1' : 'P0';
  // A service nobody declares is worth watching; an extra listener or target group on the
  // declared load balancer changes what the balancer serves.
  if (d.action === 'delete') return d.kind === 'ecs-service' ? 'P3' : 'P2';
  for (const [pattern, priority] of COMPILED_RULES) {
    if (matchesPath(pattern, d.path))
      return typeof priority === 'function' ? priority(d) : priority;
  }
  return 'P3';
}

/** Classifies drift: the manifest's `drift.severity` overrides win, the most specific pattern first. */
export type Classifier = (d: ClassifyInput) => Priority;

export function compileClassifier(overrides: Readonly<Record<string, Priority>>): Classifier {
  const ordered = Object.entries(overrides)
    .map(([source, priority]) => [compilePattern(source), priority] as const)
    .sort(([a], [b]) => specificity(b) - specificity(a));
  return (d) => {
    for (const [pattern, priority] of ordered) if (matchesPath(pattern, d.path)) return priority;
    return defaultPriority(d);
  };
}

/** Longer patterns are more specific; a literal segment outweighs a wildcard. */
function specificity(p: PathPattern): number {
  return p.segments.reduce((n, s) => n + (s === '*' ? 1 : 2), 0);
}
