import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  HandlerExecutionContext,
  MetadataBearer,
  RelativeMiddlewareOptions,
} from '@smithy/types';
import type { MiddlewareClient } from './counting-middleware.js';
import type { AwsRateLimiter } from './rate-limiter.js';

/** How a client's calls are paced: the shared limiter, and whose buckets the calls draw from. */
export interface ClientPacing {
  readonly limiter: AwsRateLimiter;
  /** The account the client acts in, as `accountKeyOf` names it. */
  readonly accountKey: string;
}

/**
 * Where the pacing sits: after the SDK's retry middleware, which calls the rest of the stack once
 * per attempt (so every retry waits for a token too, and the adaptive retry's own back-off still
 * applies on top), and before signing, so a request that waited is signed when it leaves and its
 * SigV4 timestamp is fresh.
 */
const PACING_OPTIONS: RelativeMiddlewareOptions = {
  name: 'plumblinePacing',
  relation: 'before',
  toMiddleware: 'httpSigningMiddleware',
  // Attaching twice replaces the first pacing instead of throwing on a duplicate name.
  override: true,
};

/** A client whose middleware stack and resolved region the pacing uses. */
export interface PacedClient<I extends object, O extends MetadataBearer>
  extends MiddlewareClient<I, O> {
  readonly config: { readonly region: () => Promise<string> };
}

/**
 * Makes every attempt `client` sends wait for a token of its account's and region's bucket (see
 * {@link AwsRateLimiter}). Calls of operations no group lists go out at once.
 *
 * @example
 * attachPacing(ecs, { limiter: new AwsRateLimiter(), accountKey: DEFAULT_ACCOUNT_KEY });
 */
export function attachPacing<I extends object, O extends MetadataBearer>(
  client: PacedClient<I, O>,
  pacing: ClientPacing,
): void {
  client.middlewareStack.addRelativeTo(
    (next: FinalizeHandler<I, O>, context: HandlerExecutionContext) =>
      async (args: FinalizeHandlerArguments<I>) => {
        const scope = { accountKey: pacing.accountKey, region: await client.config.region() };
        await pacing.limiter.acquire(scope, serviceOf(context), operationOf(context));
        return next(args);
      },
    PACING_OPTIONS,
  );
}

/** `ECSClient` → `ECS`, the service name the rate-limit groups use. */
function serviceOf(context: HandlerExecutionContext): string {
  return (context.clientName ?? 'Unknown').replace(/Client$/, '');
}

/** `DescribeServicesCommand` → `DescribeServices`. */
function operationOf(context: HandlerExecutionContext): string {
  return (context.commandName ?? 'Unknown').replace(/Command$/, '');
}
