import * as z from 'zod';
import {
  DEFAULT_RECONCILE_QUEUE,
  DEFAULT_STATE_TABLE,
} from '../../controller/model/conventions.js';

/** An SQS queue name: 1-80 letters, digits, hyphens and underscores, `.fifo` for a FIFO queue. */
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}(\.fifo|[A-Za-z0-9_-]{0,5})$/;

/**
 * The webhook function's configuration, read and validated once per container. Smaller than the
 * other handlers' (`config.ts`): the receiver only verifies, records and enqueues. `import * as z`
 * keeps the function's bundle small.
 */
const webhookEnvironmentSchema = z.object({
  AWS_REGION: z.string().min(1),
  /** Where deliveries are recorded (`delivery#<id>` items). */
  STATE_TABLE: z.string().min(1).default(DEFAULT_STATE_TABLE),
  /** The reconcile queue: its URL, or its name (resolved once per container with GetQueueUrl). @default 'plumbline-reconcile' */
  RECONCILE_QUEUE_URL: z
    .union(
      [z.url({ protocol: /^https?$/ }), z.string().regex(QUEUE_NAME)],
      'must be a queue URL or a queue name (1-80 letters, digits, - and _)',
    )
    .default(DEFAULT_RECONCILE_QUEUE),
  GITHUB_REPOSITORY: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'must be owner/name'),
  MAIN_BRANCH: z.string().min(1).default('main'),
  /** The webhook secret itself (local runs) or, on AWS, the Secrets Manager secret holding it. */
  GITHUB_WEBHOOK_SECRET: z.string().min(1).optional(),
  GITHUB_WEBHOOK_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** `AWS_ENDPOINT_URL` for emulators (`plumbline serve` against the sandbox). */
  AWS_ENDPOINT_URL: z.url().optional(),
});

export type WebhookHandlerConfig = z.output<typeof webhookEnvironmentSchema>;

/** A configuration that cannot work; the message names the variable, never its value. */
export class WebhookConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookConfigError';
  }
}

/**
 * Parses the webhook function's environment.
 *
 * @throws WebhookConfigError naming the first variable that is missing or malformed, or when
 * neither `GITHUB_WEBHOOK_SECRET` nor `GITHUB_WEBHOOK_SECRET_ARN` is set
 *
 * @example
 * const config = webhookConfig(process.env);
 */
export function webhookConfig(
  env: Readonly<Record<string, string | undefined>>,
): WebhookHandlerConfig {
  const parsed = webhookEnvironmentSchema.safeParse(env, { reportInput: false });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WebhookConfigError(
      `invalid configuration: ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  if (!parsed.data.GITHUB_WEBHOOK_SECRET && !parsed.data.GITHUB_WEBHOOK_SECRET_ARN) {
    throw new WebhookConfigError(
      'invalid configuration: set GITHUB_WEBHOOK_SECRET or GITHUB_WEBHOOK_SECRET_ARN',
    );
  }
  return parsed.data;
}
