// A reconcile Lambda invocation in its own process, so a test can kill it as a timeout would:
// SQS_EVENT holds the event; the handler reads its configuration from the environment.
import { lambdaContext } from '../../../bin/serve/lambda-context.js';
import { handler } from '../../../lambdas/reconcile.js';

const event = JSON.parse(process.env.SQS_EVENT ?? '{"Records":[]}');
const response = await handler(
  event,
  lambdaContext('plumbline-reconcile', () => 900_000),
);
process.stdout.write(`${JSON.stringify(response)}\n`);
