/**
 * Stack parameters: the values a request gives (or `UsePreviousValue`), template defaults, AWS's
 * validation messages, SSM parameter types, and the values `Ref` of a parameter resolves to.
 */
import { AwsError } from '../../service.js';
import type { StackParameter } from '../state.js';
import type { Template } from './document.js';

/** Looks an SSM parameter up by name for `AWS::SSM::Parameter::Value<...>` parameters. */
export type SsmLookup = (name: string) => string | undefined;

const SSM_TYPE = /^AWS::SSM::Parameter::Value<(.+)>$/;

function validation(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

function entriesOf(given: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(given)) return [];
  return given.filter(
    (entry): entry is Record<string, unknown> => entry !== null && typeof entry === 'object',
  );
}

/**
 * The parameters of a stack built from `template`, in template order.
 *
 * @param given the request's `Parameters` (`ParameterKey`, `ParameterValue`, `UsePreviousValue`)
 * @param previous the stack's current parameters, for `UsePreviousValue`
 * @throws AwsError ValidationError for unknown, missing or invalid values, as AWS words them.
 */
export function resolveParameters(
  template: Template,
  given: unknown,
  previous: readonly StackParameter[] | undefined,
  ssm: SsmLookup,
): StackParameter[] {
  const declared = template.Parameters ?? {};
  const entries = entriesOf(given);
  const unknown = entries
    .map((entry) => String(entry.ParameterKey ?? ''))
    .filter((key) => !Object.hasOwn(declared, key));
  if (unknown.length > 0) {
    throw validation(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  }
  const missing: string[] = [];
  const result: StackParameter[] = [];
  for (const [key, declaration] of Object.entries(declared)) {
    const entry = entries.find((candidate) => candidate.ParameterKey === key);
    let value: string | undefined;
    if (entry !== undefined && String(entry.UsePreviousValue) === 'true') {
      value = previous?.find((parameter) => parameter.ParameterKey === key)?.ParameterValue;
      if (value === undefined) {
        throw validation(
          `Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`,
        );
      }
    } else if (entry?.ParameterValue !== undefined) {
      value = String(entry.ParameterValue);
    } else if (declaration.Default !== undefined) {
      value = Array.isArray(declaration.Default)
        ? declaration.Default.join(',')
        : String(declaration.Default);
    }
    if (value === undefined) {
      missing.push(key);
      continue;
    }
    checkConstraints(key, declaration as unknown as Record<string, unknown>, value);
    const parameter: StackParameter = { ParameterKey: key, ParameterValue: value };
    const ssmType = SSM_TYPE.exec(declaration.Type);
    if (ssmType !== null) {
      const resolved = ssm(value);
      if (resolved === undefined) {
        throw validation(
          `Unable to fetch parameters [${value}] from parameter store for this account.`,
        );
      }
      parameter.ResolvedValue = resolved;
    }
    result.push(parameter);
  }
  if (missing.length > 0) throw validation(`Parameters: [${missing.join(', ')}] must have values`);
  return result;
}

function checkConstraints(key: string, declaration: Record<string, unknown>, value: string): void {
  const allowed = declaration.AllowedValues;
  if (Array.isArray(allowed) && !allowed.map(String).includes(value)) {
    throw validation(`Parameter '${key}' must be one of AllowedValues`);
  }
  const pattern = declaration.AllowedPattern;
  if (typeof pattern === 'string' && !new RegExp(`^(?:${pattern})$`).test(value)) {
    throw validation(`Parameter '${key}' must match pattern ${pattern}`);
  }
  const minLength = Number(declaration.MinLength);
  if (Number.isFinite(minLength) && value.length < minLength) {
    throw validation(`Parameter '${key}' must contain at least ${minLength} characters`);
  }
  const maxLength = Number(declaration.MaxLength);
  if (Number.isFinite(maxLength) && value.length > maxLength) {
    throw validation(`Parameter '${key}' must contain at most ${maxLength} characters`);
  }
  if (declaration.Type === 'Number') {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) {
      throw validation(`Parameter '${key}' must be a number.`);
    }
    const min = Number(declaration.MinValue);
    if (Number.isFinite(min) && number < min) {
      throw validation(`Parameter '${key}' must be a number not less than ${min}`);
    }
    const max = Number(declaration.MaxValue);
    if (Number.isFinite(max) && number > max) {
      throw validation(`Parameter '${key}' must be a number not greater than ${max}`);
    }
  }
}

/** What `Ref` of each parameter returns: the (resolved) value, split into a list for list types. */
export function parameterValues(
  template: Template,
  parameters: readonly StackParameter[],
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const parameter of parameters) {
    const type = template.Parameters?.[parameter.ParameterKey]?.Type ?? 'String';
    const value = parameter.ResolvedValue ?? parameter.ParameterValue;
    values[parameter.ParameterKey] = isListType(type) ? value.split(',') : value;
  }
  return values;
}

function isListType(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<') || type.includes('<List<');
}

/** Parameters as DescribeStacks and DescribeChangeSet show them: NoEcho values masked. */
export function shownParameters(
  template: Template,
  parameters: readonly StackParameter[],
): StackParameter[] {
  return parameters.map((parameter) =>
    template.Parameters?.[parameter.ParameterKey]?.NoEcho === true ||
    String(template.Parameters?.[parameter.ParameterKey]?.NoEcho) === 'true'
      ? { ParameterKey: parameter.ParameterKey, ParameterValue: '****' }
      : parameter,
  );
}
