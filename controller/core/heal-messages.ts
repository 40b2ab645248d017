import type { HealAction, HealApplied } from '../model/heal.js';
import { formatPath } from '../model/manifest-path.js';
import { show } from './messages.js';

/**
 * One line for people about one heal action: the API call, the resource, and each healed path
 * with the value found and the value written.
 *
 * @example
 * describeHealAction(action);
 * // 'UpdateService dev-api: services.api.desiredCount 5 -> 2'
 */
export function describeHealAction(action: HealAction): string {
  const paths = action.heals.map((h) => `${formatPath(h.path)} ${show(h.from)} -> ${show(h.to)}`);
  return `${action.api} ${action.key.name}: ${paths.join(', ')}${detail(action)}`;
}

/** The line of an action once applied: as described, saying when it changed nothing, and why. */
export function describeHealApplied(action: HealAction, applied: HealApplied): string {
  const line = describeHealAction(action);
  const note = applied.note ? `: ${applied.note}` : '';
  if (applied.changed) return applied.note ? `${line} (${applied.note})` : line;
  return `${line} (unchanged${note})`;
}

/** The line of an action that failed, with the reason AWS gave. */
export function describeHealFailed(action: HealAction, error: unknown): string {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `failed: ${describeHealAction(action)}: ${reason}`;
}

function detail(action: HealAction): string {
  if (action.api === 'UpdateService' && action.taskDefinition)
    return ' (back to the task definition revision the stack declares)';
  if (action.api === 'ModifyDBInstance')
    return action.applyImmediately ? ' (ApplyImmediately)' : ' (in the next maintenance window)';
  return '';
}
