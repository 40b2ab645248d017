/**
 * Target group health-check settings: AWS's defaults and the checks CreateTargetGroup and
 * ModifyTargetGroup make.
 */

import type { QueryInput } from '../shared/query-input.js';
import { invalidConfiguration, validationError } from './common.js';
import type { TargetGroupRecord } from './state.js';

/** Answers the `ValidationError` AWS gives for a number outside `min..max`. */
export function inRange(
  parameter: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value !== undefined && (value < min || value > max)) {
    throw validationError(
      `1 validation error detected: Value '${value}' at '${parameter}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
}

/** Health-check settings of a request applied over `base`, validated together. */
export function healthCheck(
  input: QueryInput,
  base: Partial<TargetGroupRecord>,
): Partial<TargetGroupRecord> {
  const next: Partial<TargetGroupRecord> = { ...base };
  const protocol = input.string('HealthCheckProtocol');
  if (protocol !== undefined) {
    if (!['HTTP', 'HTTPS', 'TCP'].includes(protocol)) {
      throw validationError(`Health check protocol '${protocol}' is not supported`);
    }
    next.HealthCheckProtocol = protocol;
  }
  const port = input.string('HealthCheckPort');
  if (port !== undefined) {
    if (
      port !== 'traffic-port' &&
      !(/^[0-9]+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)
    ) {
      throw validationError(
        `Health check port '${port}' must be 'traffic-port' or a port between 1 and 65535`,
      );
    }
    next.HealthCheckPort = port;
  }
  const enabled = input.boolean('HealthCheckEnabled');
  if (enabled !== undefined) {
    next.HealthCheckEnabled = enabled;
  }
  const path = input.string('HealthCheckPath');
  if (path !== undefined) {
    if (!path.startsWith('/') || path.length > 1024) {
      throw validationError(
        `Health check path '${path}' must begin with '/' and be at most 1024 characters long`,
      );
    }
    next.HealthCheckPath = path;
  }
  const interval = input.integer('HealthCheckIntervalSeconds');
  inRange('healthCheckIntervalSeconds', interval, 5, 300);
  const timeout = input.integer('HealthCheckTimeoutSeconds');
  inRange('healthCheckTimeoutSeconds', timeout, 2, 120);
  const healthy = input.integer('HealthyThresholdCount');
  inRange('healthyThresholdCount', healthy, 2, 10);
  const unhealthy = input.integer('UnhealthyThresholdCount');
  inRange('unhealthyThresholdCount', unhealthy, 2, 10);
  if (interval !== undefined) next.HealthCheckIntervalSeconds = interval;
  if (timeout !== undefined) next.HealthCheckTimeoutSeconds = timeout;
  if (healthy !== undefined) next.HealthyThresholdCount = healthy;
  if (unhealthy !== undefined) next.UnhealthyThresholdCount = unhealthy;
  if (
    next.HealthCheckTimeoutSeconds !== undefined &&
    next.HealthCheckIntervalSeconds !== undefined &&
    next.HealthCheckTimeoutSeconds >= next.HealthCheckIntervalSeconds
  ) {
    throw validationError(
      `Health check timeout '${next.HealthCheckTimeoutSeconds}' must be smaller than the interval '${next.HealthCheckIntervalSeconds}'`,
    );
  }
  const matcher = input.struct('Matcher');
  if (matcher) {
    const httpCode = matcher.string('HttpCode');
    const grpcCode = matcher.string('GrpcCode');
    if (httpCode !== undefined) {
      const codes = httpCode.split(/[,-]/);
      if (
        !/^\d{3}([,-]\d{3})*$/.test(httpCode) ||
        codes.some((c) => Number(c) < 200 || Number(c) > 499)
      ) {
        throw invalidConfiguration(
          `Health check matcher HTTP code '${httpCode}' must be within '200-499' inclusive`,
        );
      }
    }
    next.Matcher = {
      ...(httpCode === undefined ? {} : { HttpCode: httpCode }),
      ...(grpcCode === undefined ? {} : { GrpcCode: grpcCode }),
    };
  }
  if (next.HealthCheckProtocol === 'TCP' && path !== undefined) {
    throw validationError('Health check path cannot be set when the health check protocol is TCP');
  }
  return next;
}

/** AWS's health-check defaults for a target type and protocol. */
export function healthCheckDefaults(
  targetType: string,
  protocol: string | undefined,
  version: string | undefined,
) {
  if (targetType === 'lambda') {
    return {
      HealthCheckEnabled: false,
      HealthCheckPath: '/',
      HealthCheckIntervalSeconds: 35,
      HealthCheckTimeoutSeconds: 30,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200' },
    };
  }
  if (protocol === 'HTTP' || protocol === 'HTTPS') {
    const grpc = version === 'GRPC';
    return {
      HealthCheckEnabled: true,
      HealthCheckProtocol: protocol,
      HealthCheckPort: 'traffic-port',
      HealthCheckPath: grpc ? '/AWS.ALB/healthcheck' : '/',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      Matcher: grpc ? { GrpcCode: '12' } : { HttpCode: '200' },
    };
  }
  return {
    HealthCheckEnabled: true,
    HealthCheckProtocol: 'TCP',
    HealthCheckPort: 'traffic-port',
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 10,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
  };
}
