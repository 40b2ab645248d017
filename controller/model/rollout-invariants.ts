import { isWeeklyWindow } from './freeze-window.js';
import type { DesiredState } from './manifest.js';

type Fail = (path: (string | number)[], message: string) => void;

/**
 * Cross-field rules of `rollout`'s approvers and freeze windows: approvers are only asked when
 * approval is required, a login is listed once (GitHub logins ignore case), a weekly window's `to`
 * differs from its `from` (an empty window, or a whole week, is never what was meant) and a one-off
 * window ends after it starts.
 *
 * One-off windows are compared as written, as local date-times of one zone; the canonical
 * `YYYY-MM-DDTHH:MM` form makes text order the calendar order.
 */
export function checkRolloutGates(rollout: DesiredState['rollout'], fail: Fail): void {
  const { approvers, freeze } = rollout;
  if (approvers.length > 0 && !rollout.requireApproval)
    fail(
      ['rollout', 'approvers'],
      'approvers are only asked when requireApproval is true: set requireApproval: true or remove approvers',
    );
  const first = new Map<string, string>();
  approvers.forEach((login, i) => {
    const earlier = first.get(login.toLowerCase());
    if (earlier === undefined) first.set(login.toLowerCase(), login);
    else
      fail(
        ['rollout', 'approvers', i],
        earlier === login
          ? `duplicate approver "${login}"`
          : `duplicate approver "${login}": GitHub logins ignore case, and "${earlier}" is listed`,
      );
  });
  freeze.forEach((w, i) => {
    if (isWeeklyWindow(w)) {
      if (w.from === w.to)
        fail(
          ['rollout', 'freeze', i, 'to'],
          `to equals from ("${w.from}"): a weekly window must end at another time than it starts`,
        );
    } else if (w.end <= w.start) {
      fail(['rollout', 'freeze', i, 'end'], `end "${w.end}" must be after start "${w.start}"`);
    }
  });
}
