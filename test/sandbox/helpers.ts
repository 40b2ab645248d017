import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ECSClient,
  type ECSClientConfig,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import type { Sandbox } from '../../sandbox/index.js';
import { AwsError, type SandboxService, type ServiceContext } from '../../sandbox/service.js';
import type { SandboxState } from '../../sandbox/state.js';

export const REGION = 'eu-west-1';
export const ACCOUNT = '000000000000';

/** An ECS client of the real SDK pointed at the sandbox; no retries unless asked for. */
export function ecsClient(sandbox: Sandbox, config: Partial<ECSClientConfig> = {}): ECSClient {
  return new ECSClient({
    endpoint: sandbox.url,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    ...config,
  });
}

/** A valid Fargate task definition: 256 CPU / 512 MiB, one container listening on 8080. */
export function fargateTaskDefinition(
  family = 'api',
  overrides: Partial<RegisterTaskDefinitionCommandInput> = {},
): RegisterTaskDefinitionCommandInput {
  return {
    family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/exec`,
    containerDefinitions: [
      {
        name: 'api',
        image: 'ghcr.io/acme/api:1.0.0',
        portMappings: [{ containerPort: 8080 }],
        essential: true,
      },
    ],
    ...overrides,
  };
}

/** The awsvpc network configuration every Fargate service needs. */
export const NETWORK = {
  awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d'], securityGroups: ['sg-0a1b2c3d'] },
};

/** A fresh temporary directory and its cleanup. */
export async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'plumbline-sandbox-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A SigV4-shaped Authorization header for raw requests (the sandbox reads the scope, not the signature). */
export function authorization(signingName: string, accessKeyId = 'test', region = REGION): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261121/${region}/${signingName}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000`;
}

/** A raw awsJson1_1 ECS call, for asserting the wire format itself. */
export async function rawEcsCall(
  sandbox: Sandbox,
  operation: string,
  body: unknown,
): Promise<Response> {
  return fetch(`${sandbox.url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}`,
      authorization: authorization('ecs'),
    },
    body: JSON.stringify(body),
  });
}

/**
 * Calls one operation handler of `service` directly, as the API would; `T` is the shape the test
 * reads the output as.
 */
export function callOperation<T = Record<string, unknown>>(
  service: SandboxService,
  state: SandboxState,
  operation: string,
  input: Record<string, unknown>,
  ctx: ServiceContext,
): T {
  const handler = service.operations[operation];
  if (handler === undefined) throw new Error(`no ${operation}`);
  return handler(state, input, ctx) as T;
}

/** The AwsError `action` throws; anything else it throws is rethrown, and no throw is an error. */
export function failureOf(action: () => unknown): AwsError {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('no failure');
}
