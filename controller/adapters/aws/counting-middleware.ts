import { AsyncLocalStorage } from 'node:async_hooks';
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

/** The counter of the unit of work under way (one environment's scan), across shared clients. */
const scope = new AsyncLocalStorage<RequestCounter>();

/**
 * Runs `work` so that every attempt the counted clients send on its behalf is also recorded in
 * `counter`. Clients are shared across environments (one cache per process); this attributes their
 * calls to the scan that made them, even when scans run concurrently.
 *
 * @example
 * const calls = new RequestCounter();
 * const live = await countedIn(calls, () => reader.read(desired));
 */
export function countedIn<T>(counter: RequestCounter, work: () => Promise<T>): Promise<T> {
  return scope.run(counter, work);
}

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
        const operation = operationName(context);
        counter.record(operation);
        scope.getStore()?.record(operation);
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
