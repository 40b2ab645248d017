import { resolveConfig } from '../../bin/config.js';
import { Wiring } from '../../bin/wiring.js';
import { AwsClientConfigError } from '../../controller/model/errors.js';

/** The middleware names of the ECS client the wiring hands out for one region. */
function ecsMiddleware(env: Record<string, string>): string[] {
  const wiring = new Wiring(resolveConfig({ endpoint: 'http://127.0.0.1:4566' }, env));
  try {
    return wiring.clients
      .forRegion('eu-west-1')
      .ecs.middlewareStack.identify()
      .map((entry) => entry.split(' ')[0] ?? '');
  } finally {
    wiring.close();
  }
}

describe('Wiring pacing', () => {
  it('paces every client to the documented buckets by default', () => {
    // Prepare
    const env = {};

    // Act
    const names = ecsMiddleware(env);

    // Assess
    expect(names).toContain('plumblinePacing');
  });

  it('leaves the clients unpaced when PLUMBLINE_AWS_RATE_LIMITS is off', () => {
    // Prepare
    const env = { PLUMBLINE_AWS_RATE_LIMITS: 'off' };

    // Act
    const names = ecsMiddleware(env);

    // Assess
    expect(names).not.toContain('plumblinePacing');
    expect(names).toContain('plumblineRequestCounter');
  });

  it('refuses overrides that name no group', () => {
    // Prepare
    const env = { PLUMBLINE_AWS_RATE_LIMITS: 'ecs.everything=100/40' };

    // Act
    const build = () => ecsMiddleware(env);

    // Assess
    expect(build).toThrow(AwsClientConfigError);
    expect(build).toThrow(
      'invalid AWS client option "rateLimits": "ecs.everything" is not a rate-limit group',
    );
  });

  it('reads the overrides from PLUMBLINE_AWS_RATE_LIMITS', () => {
    // Prepare
    const config = resolveConfig({}, { PLUMBLINE_AWS_RATE_LIMITS: 'rds.account=600/24' });

    // Act
    const rateLimits = config.rateLimits;

    // Assess
    expect(rateLimits).toBe('rds.account=600/24');
  });
});
