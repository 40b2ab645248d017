import {
  type PromotionStep,
  promotionStep,
  type StepInput,
  stepDescription,
} from '../../../controller/core/promotion-step.js';
import {
  FINAL_STAGES,
  type Promotion,
  type PromotionStage,
} from '../../../controller/model/promotion.js';

const A = 'a1'.repeat(20);
const B = 'b2'.repeat(20);
const AT = '2026-11-18T10:00:00.000Z';
const HINT = `comment /approve prod or run plumbline approve --env prod --ref ${A}`;
const UNTIL = new Date('2026-11-18T12:00:00Z');
const FROZEN = { until: UNTIL, description: 'frozen until Wed 2026-11-18 12:00 UTC' };

/** A's promotion with these stages. */
function promotion(stages: Record<string, PromotionStage>): Promotion {
  return {
    sha: A,
    committedAt: AT,
    createdAt: AT,
    reasons: Object.fromEntries(Object.keys(stages).map((env) => [env, 'stacks/ changed'])),
    environments: Object.fromEntries(
      Object.entries(stages).map(([env, stage]) => [env, { stage, detail: stage, at: AT }]),
    ),
  };
}

/** prod after staging at commit A, A its target, approval required and not given, no freeze. */
function input(stages: Record<string, PromotionStage>, overrides: Partial<StepInput> = {}) {
  return {
    env: 'prod',
    promotion: promotion(stages),
    target: { sha: A, committedAt: AT },
    after: 'staging',
    requireApproval: true,
    approved: false,
    ...overrides,
  } satisfies StepInput;
}

describe('promotionStep', () => {
  it('does nothing for an environment the commit does not affect', () => {
    // Act
    const step = promotionStep(input({ staging: 'waiting' }));
    // Assess
    expect(step).toEqual({ kind: 'nothing', why: 'the commit does not affect prod' });
  });

  it.each(FINAL_STAGES)('leaves an environment that is %s alone', (stage) => {
    // Act: even with a newer target, approved, out of any freeze
    const step = promotionStep(
      input({ staging: 'succeeded', prod: stage }, { target: { sha: B, committedAt: AT } }),
    );
    // Assess
    expect(step).toEqual({ kind: 'nothing', why: `prod is ${stage} for this commit` });
  });

  it('continues a rollout under way, even superseded, unapproved and frozen', () => {
    // Act
    const step = promotionStep(
      input(
        { staging: 'succeeded', prod: 'rolling-out' },
        { target: { sha: B, committedAt: AT }, frozenUntil: FROZEN },
      ),
    );
    // Assess
    expect(step).toEqual({ kind: 'roll-out' });
  });

  it.each<PromotionStage>(['waiting', 'awaiting-approval', 'frozen'])(
    'supersedes an environment %s for a newer target, before anything else',
    (stage) => {
      // Act: staging still waits too, which would make prod wait
      const step = promotionStep(
        input({ staging: 'waiting', prod: stage }, { target: { sha: B, committedAt: AT } }),
      );
      // Assess
      expect(step).toEqual({ kind: 'superseded', by: B });
    },
  );

  it('goes on when the environment has no target yet', () => {
    // Act
    const step = promotionStep(
      input({ staging: 'succeeded', prod: 'waiting' }, { target: undefined, approved: true }),
    );
    // Assess
    expect(step).toEqual({ kind: 'roll-out' });
  });

  it.each<PromotionStage>(['waiting', 'awaiting-approval', 'frozen', 'rolling-out'])(
    'waits while the environment before it is %s, approved or not',
    (stage) => {
      // Act
      const step = promotionStep(input({ staging: stage, prod: 'waiting' }, { approved: true }));
      // Assess
      expect(step).toEqual({ kind: 'wait', for: 'staging' });
    },
  );

  it.each<PromotionStage>(['failed', 'blocked', 'superseded', 'skipped'])(
    'is skipped when the environment before it ended %s',
    (stage) => {
      // Act
      const step = promotionStep(input({ staging: stage, prod: 'waiting' }));
      // Assess
      expect(step).toEqual({ kind: 'skip', because: 'staging', stage });
    },
  );

  it('asks for an approval once the environment before it succeeded', () => {
    // Act
    const step = promotionStep(
      input({ staging: 'succeeded', prod: 'waiting' }, { frozenUntil: FROZEN }),
    );
    // Assess: the approval comes before the freeze
    expect(step).toEqual({ kind: 'await-approval' });
  });

  it('does not wait for an environment before it that the commit does not affect', () => {
    // Act
    const step = promotionStep(input({ prod: 'waiting' }));
    // Assess
    expect(step).toEqual({ kind: 'await-approval' });
  });

  it('waits out a freeze once approved', () => {
    // Act
    const step = promotionStep(
      input(
        { staging: 'succeeded', prod: 'awaiting-approval' },
        { approved: true, frozenUntil: FROZEN },
      ),
    );
    // Assess
    expect(step).toEqual({ kind: 'frozen', ...FROZEN });
  });

  it('rolls out once approved and out of any freeze', () => {
    // Act
    const step = promotionStep(input({ staging: 'succeeded', prod: 'frozen' }, { approved: true }));
    // Assess
    expect(step).toEqual({ kind: 'roll-out' });
  });

  it('rolls out the first environment, which comes after none and needs no approval', () => {
    // Act
    const step = promotionStep(
      input(
        { dev: 'waiting', staging: 'waiting' },
        { env: 'dev', after: undefined, requireApproval: false },
      ),
    );
    // Assess
    expect(step).toEqual({ kind: 'roll-out' });
  });
});

describe('stepDescription', () => {
  it.each<{ step: PromotionStep; description: string }>([
    {
      step: { kind: 'nothing', why: 'prod is succeeded for this commit' },
      description: 'prod is succeeded for this commit',
    },
    { step: { kind: 'superseded', by: B }, description: 'superseded by b2b2b2b: not rolled out' },
    { step: { kind: 'wait', for: 'staging' }, description: 'waiting for staging' },
    {
      step: { kind: 'skip', because: 'staging', stage: 'failed' },
      description: 'not rolled out: staging failed',
    },
    { step: { kind: 'await-approval' }, description: `awaiting approval: ${HINT}` },
    { step: { kind: 'frozen', ...FROZEN }, description: 'frozen until Wed 2026-11-18 12:00 UTC' },
    { step: { kind: 'roll-out' }, description: 'rolling out' },
  ])('describes $step.kind as "$description"', ({ step, description }) => {
    // Act
    const text = stepDescription(step, HINT);
    // Assess
    expect(text).toBe(description);
  });
});
