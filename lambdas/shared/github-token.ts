import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { HandlerConfig } from './config.js';

/**
 * The GitHub token: `GITHUB_TOKEN` when set (local runs), else the Secrets Manager secret the
 * controller's stack names, read once per container. The value is returned, never logged.
 */
export async function githubToken(config: HandlerConfig): Promise<string> {
  if (config.GITHUB_TOKEN) return config.GITHUB_TOKEN;
  const client = new SecretsManagerClient({
    region: config.AWS_REGION,
    ...(config.AWS_ENDPOINT_URL ? { endpoint: config.AWS_ENDPOINT_URL } : {}),
  });
  try {
    const secret = await client.send(
      new GetSecretValueCommand({ SecretId: config.GITHUB_TOKEN_SECRET_ARN }),
    );
    if (!secret.SecretString) throw new Error('the GitHub token secret has no string value');
    return secret.SecretString.trim();
  } finally {
    client.destroy();
  }
}
