import type {
  AbsoluteLocation,
  DeserializeHandler,
  DeserializeHandlerArguments,
  DeserializeHandlerOptions,
  HandlerExecutionContext,
  MetadataBearer,
  MiddlewareStack,
} from '@smithy/types';
import type { RequestCounter } from './request-counter.js';

/**
 * Where the counter sits. The SDK's retry middleware runs in `finalizeRequest` (priority high) and
 * calls the rest of the stack once per attempt; signing follows it, and the `deserialize` step
 * wraps the HTTP handler below both. So this runs exactly once per attempt handed to the network,
 * retries included, and not for a call that fails earlier (e.g. credentials cannot be resolved).
 * An attempt whose connection fails never reaches a server but is still counted.
 */
const COUNTER_OPTIONS: DeserializeHandlerOptions & AbsoluteLocation = {
  name: 'plumblineRequestCounter',
  step: 'deserialize',
  priority: 'low',
  // Attaching twice replaces the first counter instead of throwing on a duplicate name.
  override: true,
};

/** Any SDK v3 client: they all expose their middleware stack. */
export interface MiddlewareClient<I extends object, O extends MetadataBearer> {
  readonly middlewareStack: MiddlewareStack<I, O>;
}

/**
 * Makes `client` record every HTTP attempt it sends in `counter`, as `<Service>.<Operation>`.
 * Works for any SDK v3 client; attaching again to the same client replaces the previous counter.
 *
 * @example
 * const counter = new RequestCounter();
 * attachCounter(new CloudFormationClient(sharedClientConfig(options)), counter);
 */
export function attachCounter<I extends object, O extends MetadataBearer>(
  client: MiddlewareClient<I, O>,
  counter: RequestCounter,
): void {
  client.middlewareStack.add(
    (next: DeserializeHandler<I, O>, context: HandlerExecutionContext) =>
      (args: DeserializeHandlerArguments<I>) => {
        counter.record(operationName(context));
        return next(args);
      },
    COUNTER_OPTIONS,
  );
}

/** `ECSClient` + `DescribeServicesCommand` → `ECS.DescribeServices`. */
function operationName(context: HandlerExecutionContext): string {
  const service = (context.clientName ?? 'Unknown').replace(/Client$/, '');
  const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
  return `${service}.${operation}`;
}
