/**
 * ELBv2 listener operations for Application Load Balancers: HTTP and HTTPS listeners whose default
 * actions forward to target groups, redirect, or answer a fixed response.
 */
import { AwsError, type OperationHandler, type ServiceContext } from '../service.js';
import type { QueryInput } from '../shared/query-input.js';
import type { SandboxState } from '../state.js';
import {
  arnPrefix,
  checkListLength,
  elbv2Input,
  findListener,
  findLoadBalancer,
  findTargetGroup,
  invalidConfiguration,
  loadBalancersOf,
  mergeElbv2Tags,
  newResourceId,
  paginateElbv2,
  readElbv2Tags,
  validationError,
} from './common.js';
import { readRedirect } from './redirects.js';
import { checkSslPolicy, DEFAULT_SSL_POLICY } from './ssl-policies.js';
import type { ActionRecord, ListenerRecord, LoadBalancerRecord } from './state.js';

/** A listener as the SDK's `Listener` (only the default certificate is listed, as AWS does). */
export function listenerOutput(listener: ListenerRecord): Record<string, unknown> {
  const defaultCertificate = listener.Certificates?.[0];
  return {
    ListenerArn: listener.ListenerArn,
    LoadBalancerArn: listener.LoadBalancerArn,
    Port: listener.Port,
    Protocol: listener.Protocol,
    Certificates: defaultCertificate
      ? [{ CertificateArn: defaultCertificate.CertificateArn }]
      : undefined,
    SslPolicy: listener.SslPolicy,
    DefaultActions: listener.DefaultActions,
    AlpnPolicy: listener.AlpnPolicy,
  };
}

function checkPort(port: number): number {
  if (port < 1 || port > 65535) {
    throw validationError(
      `1 validation error detected: Value '${port}' at 'port' failed to satisfy constraint: Member must have value between 1 and 65535`,
    );
  }
  return port;
}

function checkProtocol(protocol: string): string {
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') {
    throw new AwsError(
      'UnsupportedProtocol',
      `Protocol '${protocol}' is not supported by Application Load Balancers`,
    );
  }
  return protocol;
}

function readCertificates(input: QueryInput): Array<{ CertificateArn: string }> | undefined {
  const certificates = input.structs('Certificates');
  return certificates?.map((c) => {
    const arn = c.requiredString('CertificateArn');
    if (
      !/^arn:aws[a-z-]*:(acm|iam):[a-z0-9-]*:\d{12}:(certificate|server-certificate)\/.+$/.test(arn)
    ) {
      throw new AwsError('CertificateNotFound', `Certificate '${arn}' not found`);
    }
    return { CertificateArn: arn };
  });
}

/** Checks a forwarded-to target group can serve this load balancer. */
function checkTargetGroup(state: SandboxState, lb: LoadBalancerRecord, arn: string): void {
  const tg = findTargetGroup(state, arn);
  if (tg.TargetType !== 'lambda' && tg.Protocol !== 'HTTP' && tg.Protocol !== 'HTTPS') {
    throw new AwsError(
      'IncompatibleProtocols',
      `The protocol of target group '${arn}' is not compatible with an Application Load Balancer listener`,
    );
  }
  if (tg.VpcId !== undefined && tg.VpcId !== lb.VpcId) {
    throw invalidConfiguration(
      `The target group '${arn}' and the load balancer are in different VPCs`,
    );
  }
  const others = loadBalancersOf(state, arn).filter((other) => other !== lb.LoadBalancerArn);
  if (others.length > 0) {
    throw new AwsError(
      'TargetGroupAssociationLimit',
      `The following target groups cannot be associated with more than one load balancer: ${arn}`,
    );
  }
}

function readForward(
  state: SandboxState,
  lb: LoadBalancerRecord,
  action: QueryInput,
): ActionRecord {
  const single = action.string('TargetGroupArn');
  const config = action.struct('ForwardConfig');
  const tuples = (config?.structs('TargetGroups') ?? []).map((t) => {
    const weight = t.integer('Weight');
    if (weight !== undefined && (weight < 0 || weight > 999)) {
      throw validationError(`Target group weight '${weight}' must be between 0 and 999`);
    }
    return { TargetGroupArn: t.requiredString('TargetGroupArn'), Weight: weight ?? 1 };
  });
  if (single === undefined && tuples.length === 0) {
    throw validationError('A target group ARN must be specified for a forward action');
  }
  if (
    single !== undefined &&
    tuples.length > 0 &&
    (tuples.length > 1 || tuples[0]?.TargetGroupArn !== single)
  ) {
    throw validationError(
      'When TargetGroupArn and ForwardConfig are both specified, ForwardConfig must hold only that target group',
    );
  }
  if (tuples.length > 5) {
    throw new AwsError(
      'TooManyTargetGroups',
      'A forward action can forward to at most 5 target groups',
    );
  }
  const groups = tuples.length > 0 ? tuples : [{ TargetGroupArn: single ?? '', Weight: 1 }];
  for (const group of groups) {
    checkTargetGroup(state, lb, group.TargetGroupArn);
  }
  const stickiness = config?.struct('TargetGroupStickinessConfig');
  const enabled = stickiness?.boolean('Enabled') ?? false;
  const duration = stickiness?.integer('DurationSeconds');
  const [only] = groups;
  return {
    Type: 'forward',
    ...(groups.length === 1 && only ? { TargetGroupArn: only.TargetGroupArn } : {}),
    ForwardConfig: {
      TargetGroups: groups,
      TargetGroupStickinessConfig: {
        Enabled: enabled,
        ...(duration === undefined ? {} : { DurationSeconds: duration }),
      },
    },
  };
}

function readActions(
  state: SandboxState,
  lb: LoadBalancerRecord,
  input: QueryInput,
  listener: { readonly protocol: string; readonly port: number },
): ActionRecord[] {
  const actions = input.structs('DefaultActions') ?? [];
  if (actions.length === 0) {
    throw validationError('A default action must be specified');
  }
  return actions.map((action) => {
    const type = action.requiredString('Type');
    const order = action.integer('Order');
    const ordered = order === undefined ? {} : { Order: order };
    if (type === 'forward') {
      return { ...readForward(state, lb, action), ...ordered };
    }
    if (type === 'redirect') {
      return {
        Type: type,
        ...ordered,
        RedirectConfig: readRedirect(action.struct('RedirectConfig'), listener),
      };
    }
    if (type === 'fixed-response') {
      const config = action.struct('FixedResponseConfig');
      const status = config?.string('StatusCode');
      if (!config || status === undefined || !/^[245]\d\d$/.test(status)) {
        throw validationError(
          'A fixed-response action needs a FixedResponseConfig with a 2XX, 4XX or 5XX StatusCode',
        );
      }
      const body = config.string('MessageBody');
      const contentType = config.string('ContentType');
      return {
        Type: type,
        ...ordered,
        FixedResponseConfig: {
          StatusCode: status,
          ...(body === undefined ? {} : { MessageBody: body }),
          ...(contentType === undefined ? {} : { ContentType: contentType }),
        },
      };
    }
    throw new AwsError(
      'InvalidLoadBalancerAction',
      `Action type '${type}' is not supported by this load balancer`,
    );
  });
}

/** Certificates and SSL policy for a protocol: required for HTTPS, refused for HTTP. */
function tls(
  protocol: string,
  certificates: Array<{ CertificateArn: string }> | undefined,
  sslPolicy: string | undefined,
): Pick<ListenerRecord, 'Certificates' | 'SslPolicy'> {
  if (protocol === 'HTTPS') {
    if (!certificates || certificates.length === 0) {
      throw validationError('A certificate must be specified for HTTPS listeners');
    }
    return {
      Certificates: certificates,
      SslPolicy: checkSslPolicy(sslPolicy ?? DEFAULT_SSL_POLICY),
    };
  }
  if ((certificates && certificates.length > 0) || sslPolicy !== undefined) {
    throw invalidConfiguration(
      'Certificates and an SSL policy can only be specified for HTTPS listeners',
    );
  }
  return {};
}

function sameListener(a: Omit<ListenerRecord, 'ListenerArn' | 'Tags'>, b: ListenerRecord): boolean {
  const strip = (l: Omit<ListenerRecord, 'ListenerArn' | 'Tags'>) =>
    JSON.stringify([
      l.Port,
      l.Protocol,
      l.Certificates,
      l.SslPolicy,
      l.DefaultActions,
      l.AlpnPolicy,
    ]);
  return strip(a) === strip(b);
}

/**
 * CreateListener: HTTP or HTTPS (HTTPS needs a certificate); the same settings on a taken port
 * return the existing listener, others answer `DuplicateListener`.
 */
export const createListener: OperationHandler = (state, raw, ctx: ServiceContext) => {
  const input = elbv2Input(raw);
  const lb = findLoadBalancer(state, input.requiredString('LoadBalancerArn'));
  const protocol = checkProtocol(input.requiredString('Protocol'));
  const port = checkPort(input.requiredInteger('Port'));
  const alpn = input.strings('AlpnPolicy');
  const candidate = {
    LoadBalancerArn: lb.LoadBalancerArn,
    Port: port,
    Protocol: protocol,
    ...tls(protocol, readCertificates(input), input.string('SslPolicy')),
    ...(alpn === undefined || alpn.length === 0 ? {} : { AlpnPolicy: alpn }),
    DefaultActions: readActions(state, lb, input, { protocol, port }),
  };
  const tags = mergeElbv2Tags([], readElbv2Tags(input));
  const existing = Object.values(state.elbv2.listeners).find(
    (l) => l.LoadBalancerArn === lb.LoadBalancerArn && l.Port === port,
  );
  if (existing) {
    if (!sameListener(candidate, existing)) {
      throw new AwsError(
        'DuplicateListener',
        `A listener already exists on this port for this load balancer '${lb.LoadBalancerArn}'`,
      );
    }
    return { Listeners: [listenerOutput(existing)] };
  }
  const lbId = lb.LoadBalancerArn.split('/').pop() ?? '';
  const listener: ListenerRecord = {
    ListenerArn: `${arnPrefix(ctx)}listener/app/${lb.LoadBalancerName}/${lbId}/${newResourceId(state)}`,
    ...candidate,
    Tags: tags,
  };
  state.elbv2.listeners[listener.ListenerArn] = listener;
  return { Listeners: [listenerOutput(listener)] };
};

/**
 * DescribeListeners by load balancer ARN or by listener ARNs (`ListenerNotFound`), paged with
 * `PageSize`/`Marker`.
 */
export const describeListeners: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  const lbArn = input.string('LoadBalancerArn');
  const arns = input.strings('ListenerArns') ?? [];
  if (lbArn === undefined && arns.length === 0) {
    throw validationError('You must specify either listener ARNs or a load balancer ARN');
  }
  if (lbArn !== undefined && arns.length > 0) {
    throw validationError(
      'Listener ARNs and a load balancer ARN cannot be specified at the same time',
    );
  }
  let selected: ListenerRecord[];
  if (lbArn !== undefined) {
    const lb = findLoadBalancer(state, lbArn);
    selected = Object.values(state.elbv2.listeners).filter(
      (l) => l.LoadBalancerArn === lb.LoadBalancerArn,
    );
  } else {
    checkListLength('ListenerArns', arns, 20);
    selected = arns.map((arn) => findListener(state, arn));
  }
  const { page, NextMarker } = paginateElbv2(selected, input);
  return { Listeners: page.map(listenerOutput), NextMarker };
};

/** ModifyListener: port, protocol, certificates, SSL policy and default actions. */
export const modifyListener: OperationHandler = (state, raw) => {
  const input = elbv2Input(raw);
  const listener = findListener(state, input.requiredString('ListenerArn'));
  const lb = findLoadBalancer(state, listener.LoadBalancerArn);
  const port = input.integer('Port');
  if (port !== undefined) {
    checkPort(port);
    const clash = Object.values(state.elbv2.listeners).some(
      (l) =>
        l.LoadBalancerArn === lb.LoadBalancerArn &&
        l.Port === port &&
        l.ListenerArn !== listener.ListenerArn,
    );
    if (clash) {
      throw new AwsError(
        'DuplicateListener',
        `A listener already exists on this port for this load balancer '${lb.LoadBalancerArn}'`,
      );
    }
  }
  const protocol = checkProtocol(input.string('Protocol') ?? listener.Protocol);
  const certificates =
    readCertificates(input) ?? (protocol === 'HTTPS' ? listener.Certificates : undefined);
  const sslPolicy =
    input.string('SslPolicy') ?? (protocol === 'HTTPS' ? listener.SslPolicy : undefined);
  const security = tls(protocol, certificates, sslPolicy);
  const effective = { protocol, port: port ?? listener.Port };
  const actions = input.has('DefaultActions')
    ? readActions(state, lb, input, effective)
    : listener.DefaultActions;
  const alpn = input.strings('AlpnPolicy');
  delete listener.Certificates;
  delete listener.SslPolicy;
  Object.assign(listener, {
    Port: port ?? listener.Port,
    Protocol: protocol,
    ...security,
    DefaultActions: actions,
    ...(alpn === undefined ? {} : { AlpnPolicy: alpn }),
  });
  return { Listeners: [listenerOutput(listener)] };
};

/** DeleteListener: `ListenerNotFound` for an unknown listener. */
export const deleteListener: OperationHandler = (state, raw) => {
  const listener = findListener(state, elbv2Input(raw).requiredString('ListenerArn'));
  delete state.elbv2.listeners[listener.ListenerArn];
  return {};
};
