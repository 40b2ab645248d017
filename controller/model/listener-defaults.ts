import type { ListenerSpec, RedirectSpec } from './manifest.js';
import { DEFAULT_SSL_POLICY } from './vocabulary.js';

/**
 * The security policy a listener runs with: the declared one, {@link DEFAULT_SSL_POLICY} for an
 * HTTPS listener that declares none, and none for HTTP. Resolved here, once, because the default
 * depends on the protocol, which a field default in the schema cannot see.
 */
export function listenerSslPolicy(
  listener: Pick<ListenerSpec, 'protocol' | 'sslPolicy'>,
): string | undefined {
  if (listener.protocol !== 'HTTPS') return undefined;
  return listener.sslPolicy ?? DEFAULT_SSL_POLICY;
}

/** A redirect with every part of the target URL, as ELBv2 reports it. */
export interface RedirectTarget {
  readonly protocol: string;
  /** A port number, or `#{port}` to keep the request's. */
  readonly port: number | string;
  readonly host: string;
  readonly path: string;
  readonly query: string;
  readonly statusCode: string;
}

/**
 * The URL parts a declared redirect keeps from the request: ELBv2 fills unset parts with these
 * keywords (the path keyword drops the leading `/`, hence `/#{path}`).
 */
export const REDIRECT_KEEPS = { host: '#{host}', path: '/#{path}', query: '#{query}' } as const;

/** A declared redirect with the parts it keeps spelled out, comparable with a live one. */
export function redirectTarget(redirect: RedirectSpec): RedirectTarget {
  return {
    protocol: redirect.protocol,
    port: redirect.port,
    ...REDIRECT_KEEPS,
    statusCode: redirect.statusCode,
  };
}
