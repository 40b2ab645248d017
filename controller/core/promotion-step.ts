import type { Promotion, PromotionStage, PromotionTarget } from '../model/promotion.js';
import { isFinalStage } from '../model/promotion.js';

/** What is known about one environment of a promotion when deciding its next step. */
export interface StepInput {
  readonly env: string;
  readonly promotion: Promotion;
  /** The environment's newest target commit. */
  readonly target: PromotionTarget | undefined;
  /** `rollout.after` of the environment's manifest at the commit. */
  readonly after: string | undefined;
  readonly requireApproval: boolean;
  readonly approved: boolean;
  /** The end of the freeze window the environment is in now, with its description. */
  readonly frozenUntil?: { readonly until: Date; readonly description: string };
}

/** The environment's next step in the promotion of one commit. */
export type PromotionStep =
  | { readonly kind: 'nothing'; readonly why: string }
  | { readonly kind: 'superseded'; readonly by: string }
  | { readonly kind: 'wait'; readonly for: string }
  | { readonly kind: 'skip'; readonly because: string; readonly stage: PromotionStage }
  | { readonly kind: 'await-approval' }
  | { readonly kind: 'frozen'; readonly until: Date; readonly description: string }
  | { readonly kind: 'roll-out' };

/**
 * Decides what happens next to one environment of a commit's promotion, in this order: an
 * environment already done stays done; a rollout under way continues (it was approved and started
 * outside any freeze, and CloudFormation is applying it: a continuation must not be dropped); a
 * newer commit affecting it supersedes this one; it waits for
 * the environment it comes after (when the commit affects that one too) to succeed, and is skipped
 * if that one did not; then it needs an approval (`requireApproval`); then it waits out a freeze
 * window; then it rolls out. An approval given early (while waiting) counts.
 *
 * @example
 * promotionStep({ env: 'prod', promotion, target, after: 'staging', requireApproval: true,
 *   approved: false }); // { kind: 'wait', for: 'staging' } while staging is under way
 */
export function promotionStep(input: StepInput): PromotionStep {
  const progress = input.promotion.environments[input.env];
  if (!progress) return { kind: 'nothing', why: `the commit does not affect ${input.env}` };
  if (isFinalStage(progress.stage))
    return { kind: 'nothing', why: `${input.env} is ${progress.stage} for this commit` };
  if (progress.stage === 'rolling-out') return { kind: 'roll-out' };
  if (input.target && input.target.sha !== input.promotion.sha)
    return { kind: 'superseded', by: input.target.sha };
  const before = input.after === undefined ? undefined : input.promotion.environments[input.after];
  if (input.after !== undefined && before) {
    if (before.stage !== 'succeeded') {
      if (!isFinalStage(before.stage)) return { kind: 'wait', for: input.after };
      return { kind: 'skip', because: input.after, stage: before.stage };
    }
  }
  if (input.requireApproval && !input.approved) return { kind: 'await-approval' };
  if (input.frozenUntil) return { kind: 'frozen', ...input.frozenUntil };
  return { kind: 'roll-out' };
}

/** The commit-status wording of each step; `approveHint` is how to approve. */
export function stepDescription(step: PromotionStep, approveHint: string): string {
  switch (step.kind) {
    case 'nothing':
      return step.why;
    case 'superseded':
      return `superseded by ${step.by.slice(0, 7)}: not rolled out`;
    case 'wait':
      return `waiting for ${step.for}`;
    case 'skip':
      return `not rolled out: ${step.because} ${step.stage}`;
    case 'await-approval':
      return `awaiting approval: ${approveHint}`;
    case 'frozen':
      return step.description;
    case 'roll-out':
      return 'rolling out';
  }
}
