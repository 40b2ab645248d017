/**
 * Template validation as CreateChangeSet does it before anything else: structure, references and
 * dependency cycles ("Template format error: ..."), and the capabilities the template needs.
 */
import { AwsError } from '../../service.js';
import type { Template } from './document.js';
import { dependencyOrder, dependsOn, logicalIdOf, referencesIn } from './references.js';
import { parseTemplateText } from './text.js';

const TOP_LEVEL = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
]);
const RESOURCE_ATTRIBUTES = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
]);
/** Properties that give an IAM resource a custom name, which needs CAPABILITY_NAMED_IAM. */
const IAM_NAME_PROPERTIES = [
  'RoleName',
  'UserName',
  'GroupName',
  'ManagedPolicyName',
  'InstanceProfileName',
];

function formatError(detail: string): AwsError {
  return new AwsError('ValidationError', `Template format error: ${detail}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Parses and validates template text.
 *
 * @throws AwsError ValidationError with AWS's message for the first problem found.
 */
export function loadTemplate(text: string): Template {
  const parsed = parseTemplateText(text);
  if (!isObject(parsed)) throw formatError('not a JSON or YAML object.');
  const unknown = Object.keys(parsed).filter((key) => !TOP_LEVEL.has(key));
  if (unknown.length > 0) {
    throw formatError(`Invalid template property or properties [${unknown.join(', ')}]`);
  }
  if (parsed.Transform !== undefined) {
    throw new AwsError(
      'ValidationError',
      'Template Transforms are not supported by the sandbox; submit the processed template.',
    );
  }
  const resources = parsed.Resources;
  if (!isObject(resources) || Object.keys(resources).length === 0) {
    throw formatError('At least one Resources member must be defined.');
  }
  for (const [id, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource.Type !== 'string') {
      throw formatError(`[/Resources/${id}] Every Resources object must contain a Type member.`);
    }
    const extra = Object.keys(resource).filter((key) => !RESOURCE_ATTRIBUTES.has(key));
    if (extra.length > 0) {
      throw formatError(`Unrecognized resource attributes [${extra.join(', ')}] in resource ${id}`);
    }
  }
  for (const [id, parameter] of Object.entries(
    isObject(parsed.Parameters) ? parsed.Parameters : {},
  )) {
    if (!isObject(parameter) || typeof parameter.Type !== 'string') {
      throw formatError(`[/Parameters/${id}] Every Parameters object must contain a Type member.`);
    }
  }
  const template = parsed as unknown as Template;
  checkReferences(template);
  dependencyOrder(template, Object.keys(template.Resources));
  return template;
}

function checkReferences(template: Template): void {
  const resources = new Set(Object.keys(template.Resources));
  const parameters = new Set(Object.keys(template.Parameters ?? {}));
  const conditions = new Set(Object.keys(template.Conditions ?? {}));
  const known = (name: string) =>
    resources.has(name) || parameters.has(name) || name.startsWith('AWS::');
  const check = (value: unknown, block: string, extra: readonly string[] = []) => {
    const { refs, getAtts } = referencesIn(value);
    const missing = [
      ...[...refs].filter((name) => !known(name)),
      ...[...getAtts].map(logicalIdOf).filter((id) => !resources.has(id)),
      ...extra.filter((id) => !resources.has(id)),
    ];
    if (missing.length > 0) {
      throw formatError(
        `Unresolved resource dependencies [${[...new Set(missing)].join(', ')}] in the ${block} block of the template`,
      );
    }
  };
  for (const [id, resource] of Object.entries(template.Resources)) {
    check([resource.Properties, resource.Metadata], 'Resources', dependsOn(resource));
    if (resource.Condition !== undefined && !conditions.has(resource.Condition)) {
      throw formatError(`Unresolved dependencies [${resource.Condition}] in resource ${id}`);
    }
  }
  check(template.Outputs ?? {}, 'Outputs');
}

/** The capability a template needs to be deployed, if any. */
export function requiredCapability(
  template: Template,
): 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | undefined {
  let required: 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | undefined;
  for (const resource of Object.values(template.Resources)) {
    if (!resource.Type.startsWith('AWS::IAM::')) continue;
    if (IAM_NAME_PROPERTIES.some((name) => resource.Properties?.[name] !== undefined)) {
      return 'CAPABILITY_NAMED_IAM';
    }
    required = 'CAPABILITY_IAM';
  }
  return required;
}

/**
 * Refuses a template with IAM resources unless the capability was acknowledged.
 *
 * @throws AwsError InsufficientCapabilitiesException "Requires capabilities : [CAPABILITY_IAM]".
 */
export function checkCapabilities(template: Template, capabilities: readonly string[]): void {
  const required = requiredCapability(template);
  if (required === undefined || capabilities.includes('CAPABILITY_NAMED_IAM')) return;
  if (required === 'CAPABILITY_IAM' && capabilities.includes('CAPABILITY_IAM')) return;
  throw new AwsError('InsufficientCapabilitiesException', `Requires capabilities : [${required}]`);
}
