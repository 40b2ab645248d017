import { WebhookConfigError, webhookConfig } from '../../lambdas/shared/webhook-config.js';

const base = {
  AWS_REGION: 'eu-west-1',
  GITHUB_REPOSITORY: 'acme/platform',
  GITHUB_WEBHOOK_SECRET: 'whsec-config-test',
};

describe('webhookConfig', () => {
  it('applies the defaults of the state table, the queue and the branch', () => {
    // Act
    const config = webhookConfig(base);
    // Assess
    expect(config).toMatchObject({
      STATE_TABLE: 'plumbline-state',
      RECONCILE_QUEUE_URL: 'plumbline-reconcile',
      MAIN_BRANCH: 'main',
    });
  });

  it.each([
    'https://sqs.eu-west-1.amazonaws.com/123456789012/plumbline-reconcile',
    'http://127.0.0.1:4566/000000000000/plumbline-reconcile',
    'plumbline_reconcile-2',
  ])('takes %s as the reconcile queue', (queue) => {
    // Act
    const config = webhookConfig({ ...base, RECONCILE_QUEUE_URL: queue });
    // Assess
    expect(config.RECONCILE_QUEUE_URL).toBe(queue);
  });

  it('takes the secret from Secrets Manager when only its ARN is set', () => {
    // Prepare
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:plumbline/webhook-AbCdEf';
    const { GITHUB_WEBHOOK_SECRET: _secret, ...rest } = base;
    // Act
    const config = webhookConfig({ ...rest, GITHUB_WEBHOOK_SECRET_ARN: arn });
    // Assess
    expect(config.GITHUB_WEBHOOK_SECRET_ARN).toBe(arn);
  });

  it.each([
    [{ GITHUB_REPOSITORY: undefined }, 'GITHUB_REPOSITORY'],
    [{ GITHUB_REPOSITORY: 'platform' }, 'GITHUB_REPOSITORY: must be owner/name'],
    [{ AWS_REGION: undefined }, 'AWS_REGION'],
    [{ RECONCILE_QUEUE_URL: 'queue with spaces hunter2' }, 'RECONCILE_QUEUE_URL'],
    [{ AWS_ENDPOINT_URL: 'not-a-url-hunter2' }, 'AWS_ENDPOINT_URL'],
    [{ GITHUB_WEBHOOK_SECRET_ARN: 'hunter2' }, 'GITHUB_WEBHOOK_SECRET_ARN'],
    [
      { GITHUB_WEBHOOK_SECRET: undefined },
      'set GITHUB_WEBHOOK_SECRET or GITHUB_WEBHOOK_SECRET_ARN',
    ],
  ])('refuses %o, naming the variable and never its value', (overrides, named) => {
    // Act
    const attempt = () => webhookConfig({ ...base, ...overrides });
    // Assess
    expect(attempt).toThrow(WebhookConfigError);
    expect(attempt).toThrow(named);
    try {
      attempt();
    } catch (error) {
      expect(String(error)).not.toContain('hunter2');
      expect(String(error)).not.toContain(base.GITHUB_WEBHOOK_SECRET);
    }
  });
});
