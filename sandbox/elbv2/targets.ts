/**
 * Target registration and health. A registered target is `healthy` while a listener forwards to its
 * group, and `unused` (`Target.NotInUse`) otherwise, as on AWS.
 */
import type { OperationHandler } from '../service.js';
import type { QueryInput } from '../shared/query-input.js';
import { elbv2Input, findTargetGroup, loadBalancersOf, validationError } from './common.js';
import { inRange } from './health-checks.js';
import type { TargetGroupRecord } from './state.js';

function readTargets(input: QueryInput, tg: TargetGroupRecord) {
  const targets = input.structs('Targets') ?? [];
  if (targets.length === 0) {
    throw validationError(
      "1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null",
    );
  }
  return targets.map((t) => {
    const id = t.requiredString('Id');
    if (tg.TargetType === 'ip' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(id) && !id.includes(':')) {
      throw validationError(`The IP address '${id}' is not a valid IPv4 address`);
    }
    if (tg.TargetType === 'instance' && !/^i-[0-9a-f]{8,17}$/.test(id)) {
      throw validationError(`The instance ID '${id}' is not valid`);
    }
    const port = t.integer('Port') ?? tg.Port;
    inRange('port', port, 1, 65535);
    const zone = t.string('AvailabilityZone');
    return {
      Id: id,
      ...(port === undefined ? {} : { Port: port }),
      ...(zone === undefined ? {} : { AvailabilityZone: zone }),
    };
  });
}

/** RegisterTargets: IP addresses for `ip` groups, instance ids for `instance` groups. */
export const registerTargets: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  const tg = findTargetGroup(state, input.requiredString('TargetGroupArn'));
  for (const target of readTargets(input, tg)) {
    if (!tg.Targets.some((t) => t.Id === target.Id && t.Port === target.Port)) {
      tg.Targets.push(target);
    }
  }
  return {};
};

/** DeregisterTargets: removes the targets at once (no deregistration delay). */
export const deregisterTargets: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  const tg = findTargetGroup(state, input.requiredString('TargetGroupArn'));
  const removed = readTargets(input, tg);
  tg.Targets = tg.Targets.filter((t) => !removed.some((r) => r.Id === t.Id && r.Port === t.Port));
  return {};
};

/** DescribeTargetHealth of the registered targets, or of the targets asked for. */
export const describeTargetHealth: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  const tg = findTargetGroup(state, input.requiredString('TargetGroupArn'));
  const inUse = loadBalancersOf(state, tg.TargetGroupArn).length > 0;
  const asked = input.has('Targets') ? readTargets(input, tg) : tg.Targets;
  const healthPort = (port: number | undefined) =>
    tg.HealthCheckPort === 'traffic-port' || tg.HealthCheckPort === undefined
      ? port === undefined
        ? undefined
        : String(port)
      : tg.HealthCheckPort;
  return {
    TargetHealthDescriptions: asked.map((target) => {
      const registered = tg.Targets.some((t) => t.Id === target.Id && t.Port === target.Port);
      const health = !registered
        ? {
            State: 'unused',
            Reason: 'Target.NotRegistered',
            Description: 'Target is not registered to the target group',
          }
        : inUse
          ? { State: 'healthy' }
          : {
              State: 'unused',
              Reason: 'Target.NotInUse',
              Description:
                'Target group is not configured to receive traffic from the load balancer',
            };
      return { Target: target, HealthCheckPort: healthPort(target.Port), TargetHealth: health };
    }),
  };
};
