/**
 * Load balancer and target group attributes: AWS's defaults, and the checks ModifyXxxAttributes
 * makes on keys and values.
 */

import type { QueryInput } from '../shared/query-input.js';
import { invalidConfiguration, validationError } from './common.js';

type Check = (value: string) => boolean;

const isBoolean: Check = (v) => v === 'true' || v === 'false';
const anyText: Check = () => true;
const between =
  (min: number, max: number): Check =>
  (v) =>
    /^[0-9]+$/.test(v) && Number(v) >= min && Number(v) <= max;
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v);

/** An attribute's default value and the check its values must pass. */
type AttributeSpec = readonly [defaultValue: string, check: Check];

const APPLICATION_LOAD_BALANCER: Readonly<Record<string, AttributeSpec>> = {
  'access_logs.s3.enabled': ['false', isBoolean],
  'access_logs.s3.bucket': ['', anyText],
  'access_logs.s3.prefix': ['', anyText],
  'client_keep_alive.seconds': ['3600', between(60, 604800)],
  'connection_logs.s3.enabled': ['false', isBoolean],
  'connection_logs.s3.bucket': ['', anyText],
  'connection_logs.s3.prefix': ['', anyText],
  'deletion_protection.enabled': ['false', isBoolean],
  'idle_timeout.timeout_seconds': ['60', between(1, 4000)],
  'load_balancing.cross_zone.enabled': ['true', isBoolean],
  'routing.http.desync_mitigation_mode': ['defensive', oneOf('monitor', 'defensive', 'strictest')],
  'routing.http.drop_invalid_header_fields.enabled': ['false', isBoolean],
  'routing.http.preserve_host_header.enabled': ['false', isBoolean],
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': ['false', isBoolean],
  'routing.http.xff_client_port.enabled': ['false', isBoolean],
  'routing.http.xff_header_processing.mode': ['append', oneOf('append', 'preserve', 'remove')],
  'routing.http2.enabled': ['true', isBoolean],
  'waf.fail_open.enabled': ['false', isBoolean],
  'zonal_shift.config.enabled': ['false', isBoolean],
};

const TARGET_GROUP_HEALTH: Readonly<Record<string, AttributeSpec>> = {
  'target_group_health.dns_failover.minimum_healthy_targets.count': [
    '1',
    (v) => v === 'off' || between(1, 10000)(v),
  ],
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': [
    'off',
    (v) => v === 'off' || between(1, 100)(v),
  ],
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': [
    '1',
    between(1, 10000),
  ],
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': [
    'off',
    (v) => v === 'off' || between(1, 100)(v),
  ],
};

const HTTP_TARGET_GROUP: Readonly<Record<string, AttributeSpec>> = {
  'deregistration_delay.timeout_seconds': ['300', between(0, 3600)],
  'stickiness.enabled': ['false', isBoolean],
  'stickiness.type': ['lb_cookie', oneOf('lb_cookie', 'app_cookie')],
  'stickiness.lb_cookie.duration_seconds': ['86400', between(1, 604800)],
  'stickiness.app_cookie.cookie_name': ['', anyText],
  'stickiness.app_cookie.duration_seconds': ['86400', between(1, 604800)],
  'load_balancing.algorithm.type': [
    'round_robin',
    oneOf('round_robin', 'least_outstanding_requests', 'weighted_random'),
  ],
  'load_balancing.algorithm.anomaly_mitigation': ['off', oneOf('on', 'off')],
  'load_balancing.cross_zone.enabled': [
    'use_load_balancer_configuration',
    oneOf('true', 'false', 'use_load_balancer_configuration'),
  ],
  'slow_start.duration_seconds': ['0', (v) => v === '0' || between(30, 900)(v)],
  ...TARGET_GROUP_HEALTH,
};

const TCP_TARGET_GROUP: Readonly<Record<string, AttributeSpec>> = {
  'deregistration_delay.timeout_seconds': ['300', between(0, 3600)],
  'deregistration_delay.connection_termination.enabled': ['false', isBoolean],
  'preserve_client_ip.enabled': ['false', isBoolean],
  'proxy_protocol_v2.enabled': ['false', isBoolean],
  'stickiness.enabled': ['false', isBoolean],
  'stickiness.type': ['source_ip', oneOf('source_ip')],
  'load_balancing.cross_zone.enabled': [
    'use_load_balancer_configuration',
    oneOf('true', 'false', 'use_load_balancer_configuration'),
  ],
  'target_health_state.unhealthy.connection_termination.enabled': ['true', isBoolean],
  'target_health_state.unhealthy.draining_interval_seconds': ['0', between(0, 360000)],
  ...TARGET_GROUP_HEALTH,
};

const LAMBDA_TARGET_GROUP: Readonly<Record<string, AttributeSpec>> = {
  'lambda.multi_value_headers.enabled': ['false', isBoolean],
};

type AttributeSet = Readonly<Record<string, AttributeSpec>>;

/** The attribute set of an Application Load Balancer. */
export function loadBalancerAttributeSet(): AttributeSet {
  return APPLICATION_LOAD_BALANCER;
}

/** The attribute set of a target group, by target type and protocol. */
export function targetGroupAttributeSet(
  targetType: string,
  protocol: string | undefined,
): AttributeSet {
  if (targetType === 'lambda') {
    return LAMBDA_TARGET_GROUP;
  }
  return protocol === 'HTTP' || protocol === 'HTTPS' ? HTTP_TARGET_GROUP : TCP_TARGET_GROUP;
}

/** Default attribute values of a set. */
export function defaultAttributes(specs: AttributeSet): Record<string, string> {
  return Object.fromEntries(Object.entries(specs).map(([key, [value]]) => [key, value]));
}

/**
 * Applies `Attributes.member.N` (Key/Value) to `current`, refusing unknown keys (`ValidationError`)
 * and bad values (`InvalidConfigurationRequest`). Returns the new values; `current` is not changed.
 */
export function modifyAttributes(
  kind: 'Load balancer' | 'Target group',
  specs: AttributeSet,
  current: Readonly<Record<string, string>>,
  input: QueryInput,
): Record<string, string> {
  const requested = input.structs('Attributes') ?? [];
  if (requested.length === 0) {
    throw validationError(
      "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null",
    );
  }
  const next = { ...current };
  for (const attribute of requested) {
    const key = attribute.requiredString('Key');
    const value = attribute.string('Value') ?? '';
    const spec = specs[key];
    if (!spec) {
      throw validationError(`${kind} attribute key '${key}' is not recognized`);
    }
    if (!spec[1](value)) {
      throw invalidConfiguration(
        `${kind} attribute value '${value}' is not valid for attribute key '${key}'`,
      );
    }
    next[key] = value;
  }
  if (next['access_logs.s3.enabled'] === 'true' && next['access_logs.s3.bucket'] === '') {
    throw invalidConfiguration(
      "The value of 'access_logs.s3.bucket' cannot be empty when access logs are enabled",
    );
  }
  return next;
}

/** Attributes as the SDK's `Attributes` list. */
export function attributeList(
  values: Readonly<Record<string, string>>,
): Array<{ Key: string; Value: string }> {
  return Object.entries(values).map(([Key, Value]) => ({ Key, Value }));
}
