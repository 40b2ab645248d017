import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { WebhookHandlerConfig } from './webhook-config.js';

/**
 * The webhook secret: `GITHUB_WEBHOOK_SECRET` when set (local runs), else the Secrets Manager
 * secret the controller's stack names (`GITHUB_WEBHOOK_SECRET_ARN`), read once per container. The
 * value is returned, never logged; an error names the variable, never the value.
 */
export async function webhookSecret(config: WebhookHandlerConfig): Promise<string> {
  if (config.GITHUB_WEBHOOK_SECRET) return config.GITHUB_WEBHOOK_SECRET;
  const client = new SecretsManagerClient({
    region: config.AWS_REGION,
    ...(config.AWS_ENDPOINT_URL ? { endpoint: config.AWS_ENDPOINT_URL } : {}),
  });
  try {
    const secret = await client.send(
      new GetSecretValueCommand({ SecretId: config.GITHUB_WEBHOOK_SECRET_ARN }),
    );
    // GitHub hashes with the secret exactly as typed; only a trailing newline of a file is dropped.
    const value = secret.SecretString?.replace(/\r?\n$/, '');
    if (!value) throw new Error('the secret GITHUB_WEBHOOK_SECRET_ARN names has no string value');
    return value;
  } finally {
    client.destroy();
  }
}
