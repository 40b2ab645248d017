import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { App, CfnElement } from 'aws-cdk-lib/core';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import type { DesiredState } from '../../controller/model/manifest.js';
import { loadEnvironments } from '../../stacks/controller/environments.js';
import { controllerSettings } from '../../stacks/controller/settings.js';
import { CONTROLLER_STACK_NAME, ControllerStack } from '../../stacks/controller-stack.js';

/** A handler esbuild bundles in milliseconds, in place of the real ones. */
export const STUB_HANDLER = 'test/stacks/fixtures/stub-handler.ts';

/** The shipped environments (dev, prod, staging), parsed. */
export function shippedEnvironments(): DesiredState[] {
  const loaded = loadEnvironments('desired-state/environments');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.value;
}

/** A synthesized controller stack: its template, its cloud assembly and where that was written. */
export interface BuiltController {
  readonly stack: ControllerStack;
  readonly template: Template;
  readonly assembly: CloudAssembly;
  readonly outdir: string;
  /** Removes the cloud assembly (bundled handlers included). */
  readonly dispose: () => void;
}

/**
 * Synthesizes the controller stack as `cdk synth -c ...` would, with the stub handler bundled by
 * the local esbuild and CDK's built-in validation off unless asked for (it takes seconds).
 */
export function buildController(
  options: {
    readonly context?: Readonly<Record<string, unknown>>;
    readonly environments?: readonly DesiredState[];
    readonly validate?: boolean;
  } = {},
): BuiltController {
  const outdir = mkdtempSync(join(tmpdir(), 'plumbline-controller-test-'));
  const app = new App({
    outdir,
    builtinCloudFormationValidation: options.validate ?? false,
    context: {
      githubRepository: 'acme/platform',
      ...options.context,
      ...(options.validate
        ? {
            '@aws-cdk/core:validateAgainstDefaultRules': true,
            '@aws-cdk/core:failSynthOnValidationErrors': false,
          }
        : {}),
    },
  });
  const settings = controllerSettings((key) => app.node.tryGetContext(key));
  if (!settings.ok) throw new Error(settings.errors.join('\n'));
  const stack = new ControllerStack(app, CONTROLLER_STACK_NAME, {
    settings: settings.value,
    environments: options.environments ?? shippedEnvironments(),
    handlers: { webhook: STUB_HANDLER, reconcile: STUB_HANDLER },
  });
  const assembly = app.synth();
  return {
    stack,
    template: Template.fromStack(stack),
    assembly,
    outdir,
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** An IAM statement as CloudFormation holds it. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** A resource of the template, by logical id. */
type Resources = Record<string, { Properties: Record<string, unknown> }>;

/**
 * The identity-policy statements of one role: its inline policies and every `AWS::IAM::Policy`
 * attached to it. `roleId` is the role's logical id.
 */
export function roleStatements(template: Template, roleId: string): Statement[] {
  const role = (template.findResources('AWS::IAM::Role') as Resources)[roleId];
  if (!role) throw new Error(`no role ${roleId}`);
  const inline = (
    (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]
  ).flatMap((p) => p.PolicyDocument.Statement);
  const attached = Object.values(template.findResources('AWS::IAM::Policy') as Resources)
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  return [...inline, ...attached];
}

/** Every identity-policy statement of the template (roles' inline policies and IAM policies). */
export function allStatements(template: Template): Statement[] {
  return Object.keys(template.findResources('AWS::IAM::Role')).flatMap((id) =>
    roleStatements(template, id),
  );
}

/** The logical id of the CloudFormation resource at `path` (construct ids under the stack). */
export function logicalIdOf(built: BuiltController, path: string): string {
  let node: IConstruct = built.stack;
  for (const id of path.split('/')) node = node.node.findChild(id);
  const cfn = CfnElement.isCfnElement(node) ? node : node.node.defaultChild;
  if (!CfnElement.isCfnElement(cfn)) throw new Error(`no CloudFormation resource at ${path}`);
  return built.stack.getLogicalId(cfn);
}

/** A statement's actions, as a list. */
export function actionsOf(s: Statement): string[] {
  return typeof s.Action === 'string' ? [s.Action] : s.Action;
}

/** A statement's resources, as a list. */
export function resourcesOf(s: Statement): unknown[] {
  return Array.isArray(s.Resource) ? s.Resource : [s.Resource];
}
