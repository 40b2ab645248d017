import type { Drift } from '../model/drift.js';
import type {
  ListenerDefaultAction,
  LoadBalancerAttributeChanges,
  ModifyListenerAction,
  ModifyLoadBalancerAttributesAction,
  ModifyTargetGroupAction,
  TargetGroupHealthCheckChanges,
} from '../model/heal.js';
import { listenerSslPolicy, redirectTarget } from '../model/listener-defaults.js';
import type { LiveState } from '../model/live-state.js';
import type { DesiredState } from '../model/manifest.js';
import { draft, healed, notInPlace, notObserved, type ResourcePlan } from './heal-plan-common.js';
import type { IgnoreRules } from './path-pattern.js';

/** The load balancer attributes ModifyLoadBalancerAttributes puts back (access logs need a bucket). */
const LOAD_BALANCER_ATTRIBUTES: ReadonlySet<string> = new Set([
  'idleTimeoutSeconds',
  'dropInvalidHeaderFields',
  'deletionProtection',
]);
const TARGET_GROUP_HEALTH_CHECK: ReadonlySet<string> = new Set([
  'path',
  'port',
  'intervalSeconds',
  'timeoutSeconds',
  'healthyThreshold',
  'unhealthyThreshold',
  'matcher',
]);

/** One `ModifyLoadBalancerAttributes` for the drifted attributes; never the scheme. */
export function planLoadBalancer(
  live: LiveState,
  drifts: readonly Drift[],
): ResourcePlan<ModifyLoadBalancerAttributesAction> {
  if (live.loadBalancer?.state !== 'present') return notObserved(drifts);
  const out = draft();
  const attributes: Record<string, unknown> = {};
  for (const d of drifts) {
    const field = d.path[1] as string;
    if (!LOAD_BALANCER_ATTRIBUTES.has(field) || d.path.length !== 2)
      out.unhealed.push(notInPlace(d));
    else {
      attributes[field] = d.declared;
      out.heals.push(healed(d));
    }
  }
  if (out.heals.length === 0) return { unhealed: out.unhealed };
  return {
    action: {
      api: 'ModifyLoadBalancerAttributes',
      key: (drifts[0] as Drift).key,
      heals: out.heals,
      arn: live.loadBalancer.value.arn,
      attributes: attributes as LoadBalancerAttributeChanges,
    },
    unhealed: out.unhealed,
  };
}

/** One `ModifyTargetGroup` with the drifted health-check settings only. */
export function planTargetGroup(
  desired: DesiredState,
  live: LiveState,
  drifts: readonly Drift[],
): ResourcePlan<ModifyTargetGroupAction> {
  const name = (drifts[0] as Drift).path[2] as string;
  const spec = desired.loadBalancer?.targetGroups.find((t) => t.name === name);
  const obs = live.targetGroups[name];
  if (!spec || obs?.state !== 'present') return notObserved(drifts);
  const out = draft();
  const healthCheck: Record<string, unknown> = {};
  for (const d of drifts) {
    const field = d.path[4] as keyof TargetGroupHealthCheckChanges;
    if (d.path[3] !== 'healthCheck' || !TARGET_GROUP_HEALTH_CHECK.has(field)) {
      out.unhealed.push(notInPlace(d));
      continue;
    }
    // The declared value as the manifest writes it, not its normalized comparison form.
    healthCheck[field] = spec.healthCheck[field];
    out.heals.push(healed(d, spec.healthCheck[field]));
  }
  if (out.heals.length === 0) return { unhealed: out.unhealed };
  return {
    action: {
      api: 'ModifyTargetGroup',
      key: (drifts[0] as Drift).key,
      heals: out.heals,
      arn: obs.value.arn,
      healthCheck: healthCheck as TargetGroupHealthCheckChanges,
    },
    unhealed: out.unhealed,
  };
}

/**
 * One `ModifyListener`: the declared protocol (with its certificate and security policy when
 * HTTPS), certificate, security policy, or default action (forward to the declared target group,
 * or redirect).
 */
export function planListener(
  desired: DesiredState,
  live: LiveState,
  ignore: IgnoreRules,
  drifts: readonly Drift[],
): ResourcePlan<ModifyListenerAction> {
  const port = (drifts[0] as Drift).path[2] as string;
  const spec = desired.loadBalancer?.listeners.find((l) => String(l.port) === port);
  const obs = live.listeners[port];
  if (!spec || obs?.state !== 'present') return notObserved(drifts);
  const out = draft();
  const fields = new Set(drifts.map((d) => d.path[3]));
  const certificatePath = ['loadBalancer', 'listeners', port, 'certificateArn'];
  const declaredCertificates = spec.certificateArn ? [spec.certificateArn] : [];
  let protocol: string | undefined;
  let certificateArns: readonly string[] | undefined;
  let defaultAction: ListenerDefaultAction | undefined;
  let sslPolicy: string | undefined;
  for (const d of drifts) {
    const field = d.path[3];
    if (field === 'protocol') {
      protocol = spec.protocol;
      // HTTPS needs a certificate in the same call; an ignored certificate keeps the live one.
      if (spec.protocol === 'HTTPS')
        certificateArns = ignore.ignores(certificatePath)
          ? obs.value.certificateArns
          : declaredCertificates;
      out.heals.push(healed(d));
    } else if (
      field === 'certificateArn' &&
      (declaredCertificates.length > 0 || fields.has('protocol'))
    ) {
      // Without a declared certificate, only a switch back to HTTP drops the live one.
      if (declaredCertificates.length > 0) certificateArns = declaredCertificates;
      out.heals.push(healed(d));
    } else if (field === 'sslPolicy' && spec.protocol === 'HTTPS') {
      sslPolicy = listenerSslPolicy(spec);
      out.heals.push(healed(d));
    } else if ((field === 'redirect' || field === 'forward') && spec.redirect) {
      defaultAction = { type: 'redirect', redirect: redirectTarget(spec.redirect) };
      out.heals.push(healed(d));
    } else if (field === 'forward' && spec.forward !== undefined) {
      const group = live.targetGroups[spec.forward];
      if (group?.state !== 'present') {
        out.unhealed.push({
          drift: d,
          reason: `target group ${spec.forward} is not present to forward to`,
        });
        continue;
      }
      defaultAction = { type: 'forward', targetGroupArn: group.value.arn };
      out.heals.push(healed(d));
    } else {
      out.unhealed.push(notInPlace(d));
    }
  }
  if (out.heals.length === 0) return { unhealed: out.unhealed };
  // A protocol sent again takes its security policy with it (none for HTTP).
  if (protocol !== undefined) sslPolicy = listenerSslPolicy(spec);
  return {
    action: {
      api: 'ModifyListener',
      key: (drifts[0] as Drift).key,
      heals: out.heals,
      arn: obs.value.arn,
      ...(protocol === undefined ? {} : { protocol }),
      ...(certificateArns === undefined || certificateArns.length === 0 ? {} : { certificateArns }),
      ...(sslPolicy === undefined ? {} : { sslPolicy }),
      ...(defaultAction === undefined ? {} : { defaultAction }),
    },
    unhealed: out.unhealed,
  };
}
