/**
 * Redirect actions (RedirectActionConfig): the target URL's parts, with the request's own kept
 * for the parts left out, checked as the API reference describes.
 */
import { AwsError } from '../service.js';
import type { QueryInput } from '../shared/query-input.js';
import { validationError } from './common.js';
import type { ActionRecord } from './state.js';

type RedirectConfig = NonNullable<ActionRecord['RedirectConfig']>;

const KEPT = {
  Protocol: '#{protocol}',
  Port: '#{port}',
  Host: '#{host}',
  Path: '/#{path}',
  Query: '#{query}',
} as const;

function invalidAction(message: string): AwsError {
  return new AwsError('InvalidLoadBalancerAction', message);
}

function constraint(member: string, value: string, rule: string): AwsError {
  return validationError(
    `1 validation error detected: Value '${value}' at 'redirectConfig.${member}' failed to satisfy constraint: ${rule}`,
  );
}

function length(member: string, value: string, min: number): string {
  if (value.length < min || value.length > 128) {
    throw constraint(member, value, `Member must have length between ${min} and 128`);
  }
  return value;
}

/**
 * A redirect's config as AWS stores and reports it, for a listener on `listener`. Refuses what the
 * API reference rules out: a protocol other than HTTP, HTTPS or `#{protocol}`, a port outside
 * 1-65535, a path not starting with `/`, HTTPS redirected to HTTP, and a redirect that changes
 * none of protocol, host, port and path (it would loop).
 */
export function readRedirect(
  config: QueryInput | undefined,
  listener: { readonly protocol: string; readonly port: number },
): RedirectConfig {
  const status = config?.string('StatusCode');
  if (!config || (status !== 'HTTP_301' && status !== 'HTTP_302')) {
    throw validationError(
      'A redirect action needs a RedirectConfig with StatusCode HTTP_301 or HTTP_302',
    );
  }
  const protocol = config.string('Protocol') ?? KEPT.Protocol;
  if (!/^(HTTPS?|#\{protocol\})$/.test(protocol)) {
    throw constraint(
      'protocol',
      protocol,
      'Member must satisfy regular expression pattern: ^(HTTPS?|#\\{protocol\\})$',
    );
  }
  const port = config.string('Port') ?? KEPT.Port;
  if (
    port !== KEPT.Port &&
    !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)
  ) {
    throw constraint('port', port, 'Member must be a port from 1 to 65535 or #{port}');
  }
  const host = length('host', config.string('Host') ?? KEPT.Host, 1);
  const path = length('path', config.string('Path') ?? KEPT.Path, 1);
  if (!path.startsWith('/')) {
    throw constraint('path', path, 'Member must start with /');
  }
  const query = length('query', config.string('Query') ?? KEPT.Query, 0);
  if (listener.protocol === 'HTTPS' && protocol === 'HTTP') {
    throw invalidAction('You cannot redirect HTTPS to HTTP');
  }
  const sameProtocol = protocol === KEPT.Protocol || protocol === listener.protocol;
  const samePort = port === KEPT.Port || Number(port) === listener.port;
  if (sameProtocol && samePort && host === KEPT.Host && path === KEPT.Path) {
    throw invalidAction(
      'The redirect configuration is not valid: change the protocol, host, port or path to avoid a redirect loop',
    );
  }
  return {
    Protocol: protocol,
    Port: port,
    Host: host,
    Path: path,
    Query: query,
    StatusCode: status,
  };
}
