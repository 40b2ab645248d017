/**
 * Stack outputs, resolved once the resources are in place, and the export rules AWS enforces: an
 * export name is unique per account and region, and an export another stack imports can be neither
 * removed nor changed.
 */
import type { SandboxState } from '../../state.js';
import type { StackOutput, StackRecord } from '../state.js';
import { importersOf, listExports } from './exports.js';
import { resolveValue } from './intrinsics.js';
import { buildEnv, provisionedView, scopeOf } from './resolve-env.js';
import { asText } from './values.js';

/** Resolved outputs, or the reason the stack operation fails over them. */
export type OutputsResult =
  | { readonly outputs: StackOutput[]; readonly failure?: undefined }
  | { readonly failure: string };

/**
 * The outputs of `stack`'s template against its provisioned resources. `imports` collects the
 * export names their `Fn::ImportValue`s read; `previous` are the outputs before an update.
 */
export function computeOutputs(
  state: SandboxState,
  stack: StackRecord,
  imports: Set<string>,
  previous: readonly StackOutput[] = [],
): OutputsResult {
  const outputs: StackOutput[] = [];
  try {
    const env = buildEnv(
      state,
      scopeOf(stack),
      stack.template,
      stack.parameters,
      provisionedView(stack),
      imports,
    );
    for (const [key, output] of Object.entries(stack.template.Outputs ?? {})) {
      if (output.Condition !== undefined && env.conditions[output.Condition] !== true) continue;
      const entry: StackOutput = {
        OutputKey: key,
        OutputValue: asText(resolveValue(output.Value, env)),
      };
      if (output.Description !== undefined) entry.Description = String(output.Description);
      if (output.Export !== undefined)
        entry.ExportName = asText(resolveValue(output.Export.Name, env));
      outputs.push(entry);
    }
  } catch (error) {
    return { failure: error instanceof Error ? error.message : String(error) };
  }
  const failure =
    exportConflict(state, stack, outputs) ?? exportInUse(state, stack, outputs, previous);
  return failure === undefined ? { outputs } : { failure };
}

function exportConflict(
  state: SandboxState,
  stack: StackRecord,
  outputs: readonly StackOutput[],
): string | undefined {
  const others = listExports(state, stack.accountId, stack.region).filter(
    (entry) => entry.ExportingStackId !== stack.stackId,
  );
  for (const output of outputs) {
    const taken = others.find((entry) => entry.Name === output.ExportName);
    if (taken !== undefined) {
      const owner =
        state.cloudformation.stacks[taken.ExportingStackId]?.stackName ?? taken.ExportingStackId;
      return `Export with name ${taken.Name} is already exported by stack ${owner}`;
    }
  }
  return undefined;
}

function exportInUse(
  state: SandboxState,
  stack: StackRecord,
  outputs: readonly StackOutput[],
  previous: readonly StackOutput[],
): string | undefined {
  for (const old of previous) {
    if (old.ExportName === undefined) continue;
    const importers = importersOf(state, stack, old.ExportName);
    if (importers.length === 0) continue;
    const now = outputs.find((output) => output.ExportName === old.ExportName);
    if (now === undefined) {
      return `Export ${old.ExportName} cannot be deleted as it is in use by ${importers.join(', ')}`;
    }
    if (now.OutputValue !== old.OutputValue) {
      return `Export ${old.ExportName} cannot be updated as it is in use by ${importers.join(', ')}`;
    }
  }
  return undefined;
}

/**
 * Why a stack cannot be deleted because of its exports, if it cannot.
 * "Export X cannot be deleted as it is in use by Y".
 */
export function exportsBlockingDeletion(
  state: SandboxState,
  stack: StackRecord,
): string | undefined {
  for (const output of stack.outputs) {
    if (output.ExportName === undefined) continue;
    const importers = importersOf(state, stack, output.ExportName);
    if (importers.length > 0) {
      return `Export ${output.ExportName} cannot be deleted as it is in use by ${importers.join(', ')}`;
    }
  }
  return undefined;
}
