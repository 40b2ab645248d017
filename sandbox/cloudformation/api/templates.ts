/** Templates and exports: GetTemplate, ValidateTemplate and ListExports. */
import type { ServiceContext } from '../../service.js';
import type { SandboxState } from '../../state.js';
import { listExports } from '../template/exports.js';
import { templateText } from '../template/source.js';
import { loadTemplate, requiredCapability } from '../template/validation.js';
import type { ApiDeps } from './deps.js';
import { cfnInput, page, requireChangeSet, requireStack } from './stack-lookup.js';

const PAGE_SIZE = 100;

/** The GetTemplate operation: a stack's template, or a change set's. */
export function getTemplate(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): Record<string, unknown> {
  const input = cfnInput(raw);
  const changeSetName = input.string('ChangeSetName');
  const stackName = input.string('StackName');
  const body =
    changeSetName !== undefined
      ? requireChangeSet(state, ctx, changeSetName, stackName).templateBody
      : requireStack(state, ctx, stackName ?? '').templateBody;
  return { TemplateBody: body, StagesAvailable: ['Original', 'Processed'] };
}

/** The ListExports operation. */
export function listExportsOperation(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): Record<string, unknown> {
  const input = cfnInput(raw);
  const { items, NextToken } = page(
    listExports(state, ctx.accountId, ctx.region),
    input.string('NextToken'),
    PAGE_SIZE,
  );
  return { Exports: items, NextToken };
}

/** The ValidateTemplate operation. */
export function validateTemplate(
  state: SandboxState,
  raw: Record<string, unknown>,
  _ctx: ServiceContext,
  deps: ApiDeps,
): Record<string, unknown> {
  const template = loadTemplate(templateText(state, raw, deps.readS3Object));
  const capability = requiredCapability(template);
  const iamTypes = [
    ...new Set(Object.values(template.Resources).map((resource) => resource.Type)),
  ].filter((type) => type.startsWith('AWS::IAM::'));
  return {
    Parameters: Object.entries(template.Parameters ?? {}).map(([key, parameter]) => ({
      ParameterKey: key,
      DefaultValue: parameter.Default === undefined ? undefined : String(parameter.Default),
      NoEcho: parameter.NoEcho === true,
      Description: (parameter as { Description?: unknown }).Description,
    })),
    Description: typeof template.Description === 'string' ? template.Description : undefined,
    Capabilities: capability === undefined ? [] : [capability],
    CapabilitiesReason:
      capability === undefined
        ? undefined
        : `The following resource(s) require capabilities: [${iamTypes.join(', ')}]`,
  };
}
