/**
 * Stack exports (`Outputs.X.Export.Name`) across the stacks of one account and region, and who imports
 * them (`Fn::ImportValue`).
 */
import { AwsError } from '../../service.js';
import type { SandboxState } from '../../state.js';
import type { StackRecord } from '../state.js';

/** One export, as ListExports reports it. */
export interface StackExport {
  readonly ExportingStackId: string;
  readonly Name: string;
  readonly Value: string;
}

/** True for a stack that exists (not deleted) in the account and region. */
export function isLive(stack: StackRecord, accountId: string, region: string): boolean {
  return (
    stack.accountId === accountId && stack.region === region && stack.status !== 'DELETE_COMPLETE'
  );
}

/** Every export of the live stacks of an account and region. */
export function listExports(state: SandboxState, accountId: string, region: string): StackExport[] {
  return Object.values(state.cloudformation.stacks)
    .filter((stack) => isLive(stack, accountId, region))
    .flatMap((stack) =>
      stack.outputs.flatMap((output) =>
        output.ExportName === undefined
          ? []
          : [
              {
                ExportingStackId: stack.stackId,
                Name: output.ExportName,
                Value: output.OutputValue,
              },
            ],
      ),
    );
}

/**
 * The value of an export, for `Fn::ImportValue`.
 *
 * @throws AwsError ValidationError "No export named X found." when no live stack exports it.
 */
export function importValue(
  state: SandboxState,
  accountId: string,
  region: string,
  name: string,
): string {
  const found = listExports(state, accountId, region).find((entry) => entry.Name === name);
  if (found === undefined) throw new AwsError('ValidationError', `No export named ${name} found.`);
  return found.Value;
}

/** Names of the live stacks other than `stackId` that import `exportName`. */
export function importersOf(state: SandboxState, stack: StackRecord, exportName: string): string[] {
  return Object.values(state.cloudformation.stacks)
    .filter(
      (other) =>
        other.stackId !== stack.stackId &&
        isLive(other, stack.accountId, stack.region) &&
        other.imports.includes(exportName),
    )
    .map((other) => other.stackName);
}
