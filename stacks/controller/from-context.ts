import { Annotations, type App, Stack, Validations } from 'aws-cdk-lib/core';
import {
  CONTROLLER_STACK_NAME,
  ControllerStack,
  type HandlerEntries,
} from '../controller-stack.js';
import { loadEnvironments } from './environments.js';
import { controllerSettings } from './settings.js';

/** Options of {@link addControllerStack}. */
export interface AddControllerStackOptions {
  /** The directory of the environment manifests (`<env>.yaml`). */
  readonly manifestDir: string;
  /** @default - the handlers in `lambdas/` */
  readonly handlers?: HandlerEntries;
}

/**
 * Adds the controller's stack to `app`, configured from the app's context (`-c key=value`, see
 * `CONTROLLER_CONTEXT`) and every manifest in `manifestDir`. When the context or a manifest is
 * wrong, the stack of that name holds only the problems, as errors: `cdk synth
 * plumbline-controller` fails and names each one, while the app's other stacks synthesize as
 * before (the CDK CLI checks only the stacks it is asked for).
 *
 * @example
 * addControllerStack(app, { manifestDir: 'desired-state/environments' });
 */
export function addControllerStack(app: App, options: AddControllerStackOptions): Stack {
  const settings = controllerSettings((key) => app.node.tryGetContext(key));
  const environments = settings.ok ? loadEnvironments(options.manifestDir) : undefined;
  if (settings.ok && environments?.ok)
    return new ControllerStack(app, CONTROLLER_STACK_NAME, {
      settings: settings.value,
      environments: environments.value,
      ...(options.handlers ? { handlers: options.handlers } : {}),
    });
  const unconfigured = new Stack(app, CONTROLLER_STACK_NAME, {
    description: 'Plumbline controller (not configured)',
  });
  const errors = settings.ok
    ? environments?.ok === false
      ? environments.errors
      : []
    : settings.errors;
  for (const error of errors) Annotations.of(unconfigured).addError(error);
  Validations.of(unconfigured).acknowledge({
    id: 'CloudFormation-Validate::F0001',
    reason: 'This stack only carries the configuration errors above; it is never deployed.',
  });
  return unconfigured;
}
