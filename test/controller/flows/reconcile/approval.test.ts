import { cliApproval, commentApproval, type Harness, harness, hint, push, SHA } from './harness.js';

const ROLLED_OUT = 'success: rolled out (1 changes)';
const AWAITING = `pending: awaiting approval: ${hint('prod', SHA.a)}`;

/** A stack change promoted up to prod, which waits for its approval. */
async function awaitingProd(): Promise<Harness> {
  const h = harness();
  await h.settle(push(SHA.a, ['stacks/x.ts']));
  expect(h.stage(SHA.a, 'prod')).toBe('awaiting-approval');
  h.summaries.length = 0;
  return h;
}

describe('reconcile: approvals', () => {
  it('rolls prod out when an approver approves it in a commit comment', async () => {
    // Prepare
    const h = await awaitingProd();
    // Act
    await h.settle(commentApproval(SHA.a, 'prod', 'octocat'));
    // Assess
    expect(h.stage(SHA.a, 'prod')).toBe('succeeded');
    expect(h.history(SHA.a, 'prod')).toEqual([
      'pending: waiting for staging',
      AWAITING,
      'pending: rolling out',
      ROLLED_OUT,
    ]);
    expect(h.executions('prod')).toHaveLength(1);
    expect(await h.approvals.find('prod', SHA.a)).toMatchObject({
      by: 'github:octocat',
      via: 'commit-comment',
    });
    expect(h.summaries).toEqual([
      'prod at a1a1a1a approved by github:octocat; prod at a1a1a1a: succeeded',
    ]);
    // prod is last: nothing comes after it
    expect(h.queue.sent).toEqual([]);
  });

  it('takes the approver’s login in any case', async () => {
    // Prepare
    const h = await awaitingProd();
    // Act
    await h.settle(commentApproval(SHA.a, 'prod', 'OctoCat'));
    // Assess
    expect(h.stage(SHA.a, 'prod')).toBe('succeeded');
  });

  it('ignores a commit comment by someone who is not an approver', async () => {
    // Prepare
    const h = await awaitingProd();
    const before = h.statuses.written.length;
    // Act
    await h.settle(commentApproval(SHA.a, 'prod', 'mallory'));
    // Assess
    expect(h.summaries).toEqual(['github:mallory is not an approver of prod; ignored']);
    expect(h.warnings).toEqual(['approval refused: not an approver']);
    expect(await h.approvals.find('prod', SHA.a)).toBeUndefined();
    expect(h.stage(SHA.a, 'prod')).toBe('awaiting-approval');
    expect(h.statuses.written).toHaveLength(before);
    expect(h.deployers.prod.calls).toEqual([]);
  });

  it('takes an approval from the CLI without the approvers list', async () => {
    // Prepare
    const h = await awaitingProd();
    // Act
    await h.settle(cliApproval(SHA.a, 'prod'));
    // Assess
    expect(h.stage(SHA.a, 'prod')).toBe('succeeded');
    expect(h.history(SHA.a, 'prod').at(-1)).toBe(ROLLED_OUT);
    expect(await h.approvals.find('prod', SHA.a)).toMatchObject({
      by: 'arn:aws:iam::222222222222:user/alice',
      via: 'cli',
    });
  });

  it('ignores an approval of an environment that needs none', async () => {
    // Prepare
    const h = await awaitingProd();
    // Act
    await h.settle(cliApproval(SHA.a, 'staging'));
    // Assess
    expect(h.summaries).toEqual([
      "staging does not require approval; ignored arn:aws:iam::222222222222:user/alice's",
    ]);
    expect(await h.approvals.find('staging', SHA.a)).toBeUndefined();
  });

  it('keeps an approval given early, while prod still waits for staging', async () => {
    // Prepare: the push is handled, no environment rolled out yet
    const h = harness();
    await h.deliver(push(SHA.a, ['stacks/x.ts']));
    // Act
    await h.deliver(commentApproval(SHA.a, 'prod', 'octocat'));
    // Assess: recorded, prod still waits
    expect(h.stage(SHA.a, 'prod')).toBe('waiting');
    expect(h.summaries.at(-1)).toBe(
      'prod at a1a1a1a approved by github:octocat; prod: waiting for staging',
    );
    // Act: the promotion goes on
    await h.settle();
    // Assess: no second approval was asked for
    expect(h.history(SHA.a, 'prod')).toEqual([
      'pending: waiting for staging',
      'pending: rolling out',
      ROLLED_OUT,
    ]);
    expect(h.stage(SHA.a, 'prod')).toBe('succeeded');
  });

  it('keeps the first approval when approved twice, and rolls out once', async () => {
    // Prepare
    const h = await awaitingProd();
    // Act
    await h.settle(commentApproval(SHA.a, 'prod', 'octocat'), cliApproval(SHA.a, 'prod'));
    // Assess
    expect(h.executions('prod')).toHaveLength(1);
    expect(await h.approvals.find('prod', SHA.a)).toMatchObject({ by: 'github:octocat' });
    expect(h.summaries.at(-1)).toBe(
      'prod at a1a1a1a approved by github:octocat; prod is succeeded for this commit',
    );
  });
});
