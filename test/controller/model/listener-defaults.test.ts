import { listenerSslPolicy, redirectTarget } from '../../../controller/model/listener-defaults.js';

describe('listenerSslPolicy', () => {
  it.each([
    [
      'an HTTPS listener that declares none',
      'HTTPS',
      undefined,
      'ELBSecurityPolicy-TLS13-1-2-2021-06',
    ],
    [
      'an HTTPS listener that declares one',
      'HTTPS',
      'ELBSecurityPolicy-TLS13-1-3-2021-06',
      'ELBSecurityPolicy-TLS13-1-3-2021-06',
    ],
    ['an HTTP listener', 'HTTP', undefined, undefined],
  ] as const)('gives %s its policy', (_, protocol, sslPolicy, expected) => {
    // Prepare
    const listener = { protocol, ...(sslPolicy === undefined ? {} : { sslPolicy }) };

    // Act
    const policy = listenerSslPolicy(listener);

    // Assess
    expect(policy).toBe(expected);
  });
});

describe('redirectTarget', () => {
  it('spells out the host, path and query a declared redirect keeps', () => {
    // Prepare
    const redirect = { protocol: 'HTTPS', port: 443, statusCode: 'HTTP_302' } as const;

    // Act
    const target = redirectTarget(redirect);

    // Assess
    expect(target).toEqual({
      protocol: 'HTTPS',
      port: 443,
      host: '#{host}',
      path: '/#{path}',
      query: '#{query}',
      statusCode: 'HTTP_302',
    });
  });
});
