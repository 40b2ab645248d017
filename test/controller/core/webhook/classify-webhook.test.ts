import { classifyWebhook } from '../../../../controller/core/webhook/classify-webhook.js';
import { reconcileRequestSchema } from '../../../../controller/model/reconcile-request.js';
import {
  commit,
  commitCommentEvent,
  NULL_SHA,
  pingEvent,
  pushEvent,
  repository,
  SHA_A,
  SHA_B,
  SHA_C,
} from '../../../fixtures/webhook-payloads.js';

const config = { repository: 'acme/platform', branch: 'main' };

/** Round-trips through JSON, as the receiver sees a payload. */
function parsed(payload: unknown): unknown {
  return JSON.parse(JSON.stringify(payload));
}

function commits(n: number) {
  return Array.from({ length: n }, (_, i) =>
    commit(i.toString(16).padStart(40, '0'), { modified: [`stacks/file-${i}.ts`] }),
  );
}

describe('classifyWebhook', () => {
  describe('ping', () => {
    it('answers a ping with GitHub’s zen', () => {
      // Act
      const result = classifyWebhook('ping', parsed(pingEvent()), config);
      // Assess
      expect(result).toEqual({ kind: 'ping', zen: 'Keep it logically awesome.' });
    });

    it('answers an organization hook’s ping, which names no repository', () => {
      // Prepare
      const { repository: _omitted, ...orgPing } = pingEvent();
      // Act
      const result = classifyWebhook('ping', parsed(orgPing), config);
      // Assess
      expect(result.kind).toBe('ping');
    });

    it('ignores a ping from another repository’s hook', () => {
      // Act
      const result = classifyWebhook('ping', parsed(pingEvent('acme/other')), config);
      // Assess
      expect(result).toEqual({
        kind: 'ignored',
        why: 'repository acme/other is not the configured acme/platform',
      });
    });
  });

  describe('filtering', () => {
    it('ignores events it does not handle, without reading their payload', () => {
      // Act
      const result = classifyWebhook('issues', { action: 'opened' }, config);
      // Assess
      expect(result).toEqual({
        kind: 'ignored',
        why: 'event issues is not handled (only push and commit_comment are)',
      });
    });

    it('ignores another repository', () => {
      // Act
      const result = classifyWebhook(
        'push',
        parsed(pushEvent({ repository: repository('acme/website') })),
        config,
      );
      // Assess
      expect(result).toEqual({
        kind: 'ignored',
        why: 'repository acme/website is not the configured acme/platform',
      });
    });

    it('compares repository names case-insensitively, as GitHub does', () => {
      // Act
      const result = classifyWebhook(
        'push',
        parsed(pushEvent({ repository: repository('ACME/Platform') })),
        config,
      );
      // Assess
      expect(result.kind).toBe('request');
    });

    it('ignores a push to another branch', () => {
      // Act
      const result = classifyWebhook(
        'push',
        parsed(pushEvent({ ref: 'refs/heads/feature/scale' })),
        config,
      );
      // Assess
      expect(result).toEqual({
        kind: 'ignored',
        why: 'push to refs/heads/feature/scale (only pushes to refs/heads/main roll out)',
      });
    });

    it('ignores a branch whose name only starts like the configured one', () => {
      // Act
      const result = classifyWebhook(
        'push',
        parsed(pushEvent({ ref: 'refs/heads/main2' })),
        config,
      );
      // Assess
      expect(result.kind).toBe('ignored');
    });

    it('ignores a tag push', () => {
      // Act
      const result = classifyWebhook(
        'push',
        parsed(pushEvent({ ref: 'refs/tags/v1.4.0' })),
        config,
      );
      // Assess
      expect(result).toEqual({
        kind: 'ignored',
        why: 'tag push refs/tags/v1.4.0 (only pushes to refs/heads/main roll out)',
      });
    });

    it('ignores the deletion of the branch', () => {
      // Prepare: GitHub's payload for a deleted branch
      const payload = pushEvent({
        before: SHA_B,
        after: NULL_SHA,
        deleted: true,
        commits: [],
        head_commit: null,
      });
      // Act
      const result = classifyWebhook('push', parsed(payload), config);
      // Assess
      expect(result).toEqual({ kind: 'ignored', why: 'branch main was deleted' });
    });

    it('ignores a push without a head commit', () => {
      // Act
      const result = classifyWebhook(
        'push',
        parsed(pushEvent({ commits: [], head_commit: null })),
        config,
      );
      // Assess
      expect(result).toEqual({
        kind: 'ignored',
        why: 'push to refs/heads/main has no head commit',
      });
    });
  });

  describe('push', () => {
    it('asks to reconcile the pushed commit, with the files it changed', () => {
      // Prepare: two commits, one file changed by both
      const payload = pushEvent({
        commits: [
          commit(SHA_B, {
            added: ['desired-state/environments/qa.yaml'],
            modified: ['desired-state/environments/staging.yaml'],
          }),
          commit(
            SHA_C,
            {
              modified: ['desired-state/environments/staging.yaml'],
              removed: ['docs/old.md'],
            },
            '2026-12-04T12:01:09+01:00',
          ),
        ],
      });
      // Act
      const result = classifyWebhook('push', parsed(payload), config);
      // Assess
      expect(result).toEqual({
        kind: 'request',
        request: {
          kind: 'push',
          sha: SHA_C,
          before: SHA_A,
          branch: 'main',
          changedFiles: [
            'desired-state/environments/qa.yaml',
            'desired-state/environments/staging.yaml',
            'docs/old.md',
          ],
          committedAt: '2026-12-04T12:01:09+01:00',
          pusher: 'ada',
        },
      });
    });

    it('produces a request the queue’s schema accepts once the delivery id is added', () => {
      // Act
      const result = classifyWebhook('push', parsed(pushEvent()), config);
      // Assess
      if (result.kind !== 'request') throw new Error(`expected a request, got ${result.kind}`);
      const parsedRequest = reconcileRequestSchema.safeParse({
        ...result.request,
        deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      });
      expect(parsedRequest.success).toBe(true);
    });

    it('lists the files of 19 commits', () => {
      // Act
      const result = classifyWebhook('push', parsed(pushEvent({ commits: commits(19) })), config);
      // Assess
      expect(result).toMatchObject({
        kind: 'request',
        request: { changedFiles: commits(19).flatMap((c) => c.modified) },
      });
    });

    it.each([
      ['20 commits, GitHub’s documented limit of the list', { commits: commits(20) }],
      ['more commits than the limit', { commits: commits(25) }],
      ['a forced push', { forced: true }],
      ['a push that created the branch', { created: true, before: NULL_SHA, base_ref: null }],
      ['a before of forty zeros', { before: NULL_SHA }],
      ['no commit listed although the branch moved', { commits: [] }],
      [
        'a commit whose file lists GitHub left empty',
        { commits: [commit(SHA_B, { modified: ['stacks/a.ts'] }), commit(SHA_C)] },
      ],
    ])('does not trust the file list for %s', (_, overrides) => {
      // Prepare: head_commit stays set (an empty list keeps the default head)
      const payload = pushEvent(overrides);
      if (payload.head_commit === null) payload.head_commit = commit(SHA_C);
      payload.after = payload.head_commit.id;
      // Act
      const result = classifyWebhook('push', parsed(payload), config);
      // Assess
      expect(result).toMatchObject({ kind: 'request', request: { changedFiles: null } });
    });

    it.each([
      ['a payload without its repository', () => ({ ...pushEvent(), repository: undefined })],
      ['a JSON array', () => [pushEvent()]],
      [
        'a head commit without a timestamp',
        () => {
          const p = parsed(pushEvent()) as { head_commit: Record<string, unknown> };
          delete p.head_commit.timestamp;
          return p;
        },
      ],
      ['an abbreviated commit id', () => pushEvent({ after: SHA_B.slice(0, 7) })],
      ['no pusher', () => ({ ...pushEvent(), pusher: undefined })],
    ])('calls %s invalid', (_, payload) => {
      // Act
      const result = classifyWebhook('push', parsed(payload()), config);
      // Assess
      expect(result.kind).toBe('invalid');
    });

    it('says which field is missing', () => {
      // Prepare
      const p = parsed(pushEvent()) as { head_commit: Record<string, unknown> };
      delete p.head_commit.timestamp;
      // Act
      const result = classifyWebhook('push', p, config);
      // Assess
      expect(result).toEqual({
        kind: 'invalid',
        why: expect.stringMatching(/^push payload: head_commit\.timestamp: /),
      });
    });
  });

  describe('commit_comment', () => {
    it('turns /approve <env> into an approval of the commented commit', () => {
      // Act
      const result = classifyWebhook(
        'commit_comment',
        parsed(
          commitCommentEvent('Checked the plan.\r\n  /approve prod  \r\nThanks', {
            commitId: SHA_C,
          }),
        ),
        config,
      );
      // Assess
      expect(result).toEqual({
        kind: 'request',
        request: {
          kind: 'approve',
          env: 'prod',
          sha: SHA_C,
          by: 'github:grace',
          via: 'commit-comment',
        },
      });
    });

    it('reads the first command when a comment has several', () => {
      // Act
      const result = classifyWebhook(
        'commit_comment',
        parsed(commitCommentEvent('/approve staging\n/approve prod')),
        config,
      );
      // Assess
      expect(result).toMatchObject({ request: { env: 'staging' } });
    });

    it.each([
      ['no command', 'LGTM'],
      ['a command inside a sentence', 'please /approve prod'],
      ['words after the environment', '/approve prod please'],
      ['an environment name in capitals (names are case-sensitive)', '/approve Prod'],
      ['no environment', '/approve'],
      ['a name the manifest rule forbids', '/approve 1prod'],
    ])('ignores a comment with %s', (_, body) => {
      // Act
      const result = classifyWebhook('commit_comment', parsed(commitCommentEvent(body)), config);
      // Assess
      expect(result).toEqual({
        kind: 'ignored',
        why: 'commit comment has no /approve <environment> line',
      });
    });

    it.each(['edited', 'deleted'])('ignores a comment %s', (action) => {
      // Prepare
      const payload = { ...commitCommentEvent('/approve prod'), action };
      // Act
      const result = classifyWebhook('commit_comment', parsed(payload), config);
      // Assess
      expect(result).toEqual({
        kind: 'ignored',
        why: `commit comment ${action}, only new comments are read`,
      });
    });

    it('ignores a comment by a deleted account', () => {
      // Prepare
      const payload = parsed(commitCommentEvent('/approve prod')) as {
        comment: { user: unknown };
      };
      payload.comment.user = null;
      // Act
      const result = classifyWebhook('commit_comment', payload, config);
      // Assess
      expect(result).toEqual({ kind: 'ignored', why: 'commit comment has no author' });
    });

    it('ignores a comment in another repository', () => {
      // Act
      const result = classifyWebhook(
        'commit_comment',
        parsed(commitCommentEvent('/approve prod', { repository: 'acme/website' })),
        config,
      );
      // Assess
      expect(result.kind).toBe('ignored');
    });

    it('calls a comment without its commit id invalid', () => {
      // Prepare
      const payload = parsed(commitCommentEvent('/approve prod')) as {
        comment: Record<string, unknown>;
      };
      delete payload.comment.commit_id;
      // Act
      const result = classifyWebhook('commit_comment', payload, config);
      // Assess
      expect(result).toEqual({
        kind: 'invalid',
        why: expect.stringMatching(/^commit_comment payload: comment\.commit_id: /),
      });
    });
  });
});
