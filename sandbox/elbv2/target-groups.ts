/** ELBv2 target group operations and target group attributes. */
import { AwsError, type OperationHandler, type ServiceContext } from '../service.js';
import type { SandboxState } from '../state.js';
import {
  attributeList,
  defaultAttributes,
  modifyAttributes,
  targetGroupAttributeSet,
} from './attributes.js';
import {
  arnPrefix,
  checkArn,
  checkListLength,
  elbv2Input,
  findLoadBalancer,
  findTargetGroup,
  forwardedTargetGroups,
  loadBalancersOf,
  mergeElbv2Tags,
  newResourceId,
  paginateElbv2,
  readElbv2Tags,
  targetGroupNotFound,
  validationError,
} from './common.js';
import { healthCheck, healthCheckDefaults, inRange } from './health-checks.js';
import type { TargetGroupRecord } from './state.js';

const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'];
const TARGET_TYPES = ['instance', 'ip', 'lambda', 'alb'];

/** A target group as the SDK's `TargetGroup`, with the load balancers forwarding to it. */
export function targetGroupOutput(
  state: SandboxState,
  tg: TargetGroupRecord,
): Record<string, unknown> {
  return {
    TargetGroupArn: tg.TargetGroupArn,
    TargetGroupName: tg.TargetGroupName,
    Protocol: tg.Protocol,
    Port: tg.Port,
    VpcId: tg.VpcId,
    HealthCheckProtocol: tg.HealthCheckProtocol,
    HealthCheckPort: tg.HealthCheckPort,
    HealthCheckEnabled: tg.HealthCheckEnabled,
    HealthCheckIntervalSeconds: tg.HealthCheckIntervalSeconds,
    HealthCheckTimeoutSeconds: tg.HealthCheckTimeoutSeconds,
    HealthyThresholdCount: tg.HealthyThresholdCount,
    UnhealthyThresholdCount: tg.UnhealthyThresholdCount,
    HealthCheckPath: tg.HealthCheckPath,
    Matcher: tg.Matcher,
    LoadBalancerArns: loadBalancersOf(state, tg.TargetGroupArn),
    TargetType: tg.TargetType,
    ProtocolVersion: tg.ProtocolVersion,
    IpAddressType: tg.IpAddressType,
  };
}

function checkName(name: string): string {
  if (name.length > 32) {
    throw validationError(`Target group name '${name}' cannot be longer than '32' characters`);
  }
  if (!/^[A-Za-z0-9-]+$/.test(name)) {
    throw validationError(
      `Target group name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`,
    );
  }
  if (name.startsWith('-') || name.endsWith('-')) {
    throw validationError(`Target group name '${name}' cannot begin or end with '-'`);
  }
  return name;
}

const COMPARED: ReadonlyArray<keyof TargetGroupRecord> = [
  'TargetType',
  'Protocol',
  'ProtocolVersion',
  'Port',
  'VpcId',
  'HealthCheckEnabled',
  'HealthCheckProtocol',
  'HealthCheckPort',
  'HealthCheckPath',
  'HealthCheckIntervalSeconds',
  'HealthCheckTimeoutSeconds',
  'HealthyThresholdCount',
  'UnhealthyThresholdCount',
];

/**
 * CreateTargetGroup with AWS defaults; the same settings under a taken name return the existing
 * group, others answer `DuplicateTargetGroupName`.
 */
export const createTargetGroup: OperationHandler = (state, raw, ctx: ServiceContext) => {
  const input = elbv2Input(raw);
  const name = checkName(input.requiredString('Name'));
  const targetType = input.string('TargetType') ?? 'instance';
  if (!TARGET_TYPES.includes(targetType)) {
    throw validationError(`Target type '${targetType}' is not valid`);
  }
  const protocol = input.string('Protocol');
  const port = input.integer('Port');
  const vpcId = input.string('VpcId');
  if (targetType === 'lambda') {
    if (protocol !== undefined || port !== undefined || vpcId !== undefined) {
      throw validationError(
        "Port, protocol and VPC ID cannot be specified for target groups with target type 'lambda'",
      );
    }
  } else {
    if (protocol === undefined) throw validationError('A protocol must be specified');
    if (port === undefined) throw validationError('A port must be specified');
    if (vpcId === undefined) throw validationError('A VPC ID must be specified');
    if (!PROTOCOLS.includes(protocol)) {
      throw validationError(`Protocol '${protocol}' is not valid`);
    }
    inRange('port', port, 1, 65535);
    if (!state.ec2.vpcs[vpcId]) {
      throw validationError(`The VPC ID '${vpcId}' is not found`);
    }
  }
  const http = protocol === 'HTTP' || protocol === 'HTTPS';
  const protocolVersion = input.string('ProtocolVersion') ?? (http ? 'HTTP1' : undefined);
  if (
    protocolVersion !== undefined &&
    (!http || !['HTTP1', 'HTTP2', 'GRPC'].includes(protocolVersion))
  ) {
    throw validationError(
      `Protocol version '${protocolVersion}' is not valid for protocol '${protocol ?? ''}'`,
    );
  }
  const settings = healthCheck(input, healthCheckDefaults(targetType, protocol, protocolVersion));
  const ipAddressType =
    input.string('IpAddressType') ?? (targetType === 'lambda' ? undefined : 'ipv4');
  const candidate: Omit<TargetGroupRecord, 'TargetGroupArn' | 'Attributes' | 'Targets' | 'Tags'> = {
    TargetGroupName: name,
    TargetType: targetType,
    ...(protocol === undefined ? {} : { Protocol: protocol }),
    ...(protocolVersion === undefined ? {} : { ProtocolVersion: protocolVersion }),
    ...(port === undefined ? {} : { Port: port }),
    ...(vpcId === undefined ? {} : { VpcId: vpcId }),
    ...(ipAddressType === undefined ? {} : { IpAddressType: ipAddressType }),
    HealthCheckEnabled: settings.HealthCheckEnabled ?? true,
    HealthCheckIntervalSeconds: settings.HealthCheckIntervalSeconds ?? 30,
    HealthCheckTimeoutSeconds: settings.HealthCheckTimeoutSeconds ?? 5,
    HealthyThresholdCount: settings.HealthyThresholdCount ?? 5,
    UnhealthyThresholdCount: settings.UnhealthyThresholdCount ?? 2,
    ...(settings.HealthCheckProtocol === undefined
      ? {}
      : { HealthCheckProtocol: settings.HealthCheckProtocol }),
    ...(settings.HealthCheckPort === undefined
      ? {}
      : { HealthCheckPort: settings.HealthCheckPort }),
    ...(settings.HealthCheckPath === undefined
      ? {}
      : { HealthCheckPath: settings.HealthCheckPath }),
    ...(settings.Matcher === undefined ? {} : { Matcher: settings.Matcher }),
  };
  const tags = mergeElbv2Tags([], readElbv2Tags(input));

  const existing = Object.values(state.elbv2.targetGroups).find(
    (tg) => tg.TargetGroupName === name,
  );
  if (existing) {
    const same =
      COMPARED.every((key) => existing[key] === candidate[key as keyof typeof candidate]) &&
      JSON.stringify(existing.Matcher) === JSON.stringify(candidate.Matcher);
    if (!same) {
      throw new AwsError(
        'DuplicateTargetGroupName',
        `A target group with the same name '${name}' exists, but with different settings`,
      );
    }
    return { TargetGroups: [targetGroupOutput(state, existing)] };
  }
  const tg: TargetGroupRecord = {
    TargetGroupArn: `${arnPrefix(ctx)}targetgroup/${name}/${newResourceId(state)}`,
    ...candidate,
    Attributes: defaultAttributes(targetGroupAttributeSet(targetType, protocol)),
    Targets: [],
    Tags: tags,
  };
  state.elbv2.targetGroups[tg.TargetGroupArn] = tg;
  return { TargetGroups: [targetGroupOutput(state, tg)] };
};

/**
 * DescribeTargetGroups by load balancer (the groups its listeners forward to), names or ARNs
 * (`TargetGroupNotFound`), paged with `PageSize`/`Marker`.
 */
export const describeTargetGroups: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  const lbArn = input.string('LoadBalancerArn');
  const names = input.strings('Names') ?? [];
  const arns = input.strings('TargetGroupArns') ?? [];
  if ([lbArn !== undefined, names.length > 0, arns.length > 0].filter(Boolean).length > 1) {
    throw validationError(
      'A load balancer ARN, target group names and target group ARNs cannot be specified at the same time',
    );
  }
  let selected = Object.values(state.elbv2.targetGroups);
  if (lbArn !== undefined) {
    const lb = findLoadBalancer(state, lbArn);
    const attached = new Set(
      Object.values(state.elbv2.listeners)
        .filter((l) => l.LoadBalancerArn === lb.LoadBalancerArn)
        .flatMap(forwardedTargetGroups),
    );
    selected = selected.filter((tg) => attached.has(tg.TargetGroupArn));
  } else if (names.length > 0) {
    const all = selected;
    selected = names.map((n) => {
      const tg = all.find((candidate) => candidate.TargetGroupName === n);
      if (!tg) {
        throw targetGroupNotFound();
      }
      return tg;
    });
  } else if (arns.length > 0) {
    checkListLength('TargetGroupArns', arns, 20);
    selected = arns.map((arn) => findTargetGroup(state, arn));
  }
  const { page, NextMarker } = paginateElbv2(selected, input);
  return { TargetGroups: page.map((tg) => targetGroupOutput(state, tg)), NextMarker };
};

/** ModifyTargetGroup: the health-check settings. */
export const modifyTargetGroup: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  const tg = findTargetGroup(state, input.requiredString('TargetGroupArn'));
  Object.assign(tg, healthCheck(input, tg));
  return { TargetGroups: [targetGroupOutput(state, tg)] };
};

/**
 * DeleteTargetGroup: `ResourceInUse` while a listener forwards to it; succeeds for an absent group.
 */
export const deleteTargetGroup: OperationHandler = (state, raw) => {
  const arn = checkArn('targetGroup', elbv2Input(raw).requiredString('TargetGroupArn'));
  if (!state.elbv2.targetGroups[arn]) {
    return {};
  }
  if (loadBalancersOf(state, arn).length > 0) {
    throw new AwsError(
      'ResourceInUse',
      `Target group '${arn}' is currently in use by a listener or a rule`,
    );
  }
  delete state.elbv2.targetGroups[arn];
  return {};
};

/** DescribeTargetGroupAttributes: every attribute with its value. */
export const describeTargetGroupAttributes: OperationHandler = (state, raw) => {
  const tg = findTargetGroup(state, elbv2Input(raw).requiredString('TargetGroupArn'));
  return { Attributes: attributeList(tg.Attributes) };
};

/** ModifyTargetGroupAttributes: known keys with valid values only. */
export const modifyTargetGroupAttributes: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  const tg = findTargetGroup(state, input.requiredString('TargetGroupArn'));
  tg.Attributes = modifyAttributes(
    'Target group',
    targetGroupAttributeSet(tg.TargetType, tg.Protocol),
    tg.Attributes,
    input,
  );
  return { Attributes: attributeList(tg.Attributes) };
};
