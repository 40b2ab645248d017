import type { ListenerSpec } from './manifest.js';

type Fail = (path: (string | number)[], message: string) => void;

/**
 * Cross-field rules of listener default actions and TLS settings: each listener forwards or
 * redirects (exactly one), an HTTP listener takes no security policy, and a redirect reaches another
 * listener of the same load balancer. A redirect keeps the request's host, so the client comes back
 * to this load balancer: the target port must be a declared listener of the target protocol.
 */
export function checkListenerActions(listeners: readonly ListenerSpec[], fail: Fail): void {
  const ports = listeners.map((l) => l.port).join(', ');
  listeners.forEach((l, i) => {
    const at = (...rest: string[]) => ['loadBalancer', 'listeners', i, ...rest];
    if (l.forward === undefined && l.redirect === undefined)
      fail(at('forward'), 'a listener needs forward (a target group name) or redirect');
    if (l.protocol === 'HTTP' && l.sslPolicy !== undefined)
      fail(at('sslPolicy'), 'an HTTP listener takes no sslPolicy');
    const r = l.redirect;
    if (!r) return;
    if (l.forward !== undefined) {
      fail(at('redirect'), 'a listener either forwards or redirects: remove forward or redirect');
      return;
    }
    // ELBv2 refuses both: HTTPS to HTTP (a downgrade) and a redirect that changes nothing (a loop).
    if (l.protocol === 'HTTPS' && r.protocol === 'HTTP') {
      fail(at('redirect', 'protocol'), 'an HTTPS listener cannot redirect to HTTP');
      return;
    }
    if (r.port === l.port && r.protocol === l.protocol) {
      fail(at('redirect', 'port'), `a redirect to its own port ${l.port} and protocol would loop`);
      return;
    }
    const target = listeners.find((t) => t.port === r.port);
    if (!target) fail(at('redirect', 'port'), `no listener on port ${r.port}; declared: ${ports}`);
    else if (target.protocol !== r.protocol)
      fail(
        at('redirect', 'protocol'),
        `the listener on port ${r.port} is ${target.protocol}, not ${r.protocol}`,
      );
  });
}
