import type { ResourceChange } from '../../controller/model/change-set.js';
import type { ManifestPath } from '../../controller/model/manifest-path.js';
import type {
  ChangeSetDescription,
  ChangeSetExecution,
  ChangeSetRef,
  StackDeployer,
  StackEvent,
  StackStatus,
  SynthesizedTemplate,
} from '../../controller/ports/stack-deployer.js';

/**
 * An in-memory StackDeployer with CloudFormation's observable behaviour, for flow tests.
 *
 * Spec:
 * - A stack that does not exist (or exists only in `REVIEW_IN_PROGRESS`) gets a CREATE change set,
 *   any other an UPDATE one.
 * - `describeChangeSet` answers `pending` for the first `describesPending` calls (CloudFormation still
 *   computing), then `nextChanges` (`ready`), or `empty` when that list is empty.
 * - `executeChangeSet` puts the stack in `<TYPE>_IN_PROGRESS` for `pollsInProgress` status reads,
 *   then in `outcome` (default `<TYPE>_COMPLETE`); each status read during progress adds an event.
 * - `execution` answers `not-executed` for a change set still there, `executed` for one executed,
 *   `unknown` for one deleted or never created.
 * - Executing or deleting an unknown (or already deleted) change set throws, as CloudFormation does.
 * - `protect` throws `failProtect` when set (access denied, an endpoint without the operation).
 * - `calls` records every method call in order, for assertions on what was (not) written.
 */
export class FakeStackDeployer implements StackDeployer {
  readonly calls: string[] = [];
  nextChanges: ResourceChange[] = [];
  pollsInProgress = 2;
  outcome: StackStatus | undefined;
  failCreate: Error[] = [];
  failProtect: Error | undefined;
  describesPending = 0;
  deployed: Record<string, ManifestPath> = {};
  private stacks = new Map<string, StackStatus>();
  private changeSets = new Map<string, ChangeSetRef>();
  private progress = 0;
  private log: StackEvent[] = [];

  async createChangeSet(
    template: SynthesizedTemplate,
    options: { name: string },
  ): Promise<ChangeSetRef> {
    this.calls.push(`createChangeSet ${options.name}`);
    const failure = this.failCreate.shift();
    if (failure) throw failure;
    const ref: ChangeSetRef = {
      id: `cs-${++this.created}`,
      stackName: template.stackName,
      type:
        (this.stacks.get(template.stackName)?.status ?? 'REVIEW_IN_PROGRESS') ===
        'REVIEW_IN_PROGRESS'
          ? 'CREATE'
          : 'UPDATE',
    };
    this.changeSets.set(ref.id, ref);
    return ref;
  }

  async describeChangeSet(ref: ChangeSetRef): Promise<ChangeSetDescription> {
    this.calls.push(`describeChangeSet ${ref.id}`);
    if (this.describesPending > 0) {
      this.describesPending -= 1;
      return { status: 'pending' };
    }
    return this.nextChanges.length === 0
      ? { status: 'empty', reason: "The submitted information didn't contain changes." }
      : { status: 'ready', changes: this.nextChanges };
  }

  async executeChangeSet(ref: ChangeSetRef): Promise<void> {
    this.calls.push(`executeChangeSet ${ref.id}`);
    if (!this.changeSets.delete(ref.id)) throw new Error(`ChangeSetNotFound: ${ref.id}`);
    this.executed.add(ref.id);
    this.stacks.set(ref.stackName, { status: `${ref.type}_IN_PROGRESS` });
    this.progress = this.pollsInProgress;
    this.pending = { stack: ref.stackName, type: ref.type };
  }

  async execution(ref: ChangeSetRef): Promise<ChangeSetExecution> {
    this.calls.push(`execution ${ref.id}`);
    if (this.changeSets.has(ref.id)) return 'not-executed';
    return this.executed.has(ref.id) ? 'executed' : 'unknown';
  }

  async deleteChangeSet(ref: ChangeSetRef): Promise<void> {
    this.calls.push(`deleteChangeSet ${ref.id}`);
    if (!this.changeSets.delete(ref.id)) throw new Error(`ChangeSetNotFound: ${ref.id}`);
  }

  async status(stackName: string): Promise<StackStatus | undefined> {
    const current = this.stacks.get(stackName);
    if (current?.status.endsWith('_IN_PROGRESS') && this.pending) {
      if (this.progress-- > 0) {
        this.log.push({
          id: `e${this.log.length + 1}`,
          timestamp: new Date(0),
          logicalId: 'Res',
          resourceType: 'AWS::X',
          status: current.status,
        });
      } else {
        const done = this.outcome ?? { status: `${this.pending.type}_COMPLETE` };
        this.stacks.set(stackName, done);
        this.pending = undefined;
        return done;
      }
    }
    return current;
  }

  async events(_stackName: string, sinceId?: string): Promise<StackEvent[]> {
    const from = sinceId === undefined ? 0 : this.log.findIndex((e) => e.id === sinceId) + 1;
    return this.log.slice(from);
  }

  async deployedPaths(): Promise<Record<string, ManifestPath>> {
    return this.deployed;
  }

  async protect(stackName: string): Promise<void> {
    this.calls.push(`protect ${stackName}`);
    if (this.failProtect) throw this.failProtect;
  }

  /** Puts a stack in place as if an earlier rollout had created it. */
  seed(stackName: string, status = 'UPDATE_COMPLETE'): void {
    this.stacks.set(stackName, { status });
  }

  private pending: { stack: string; type: string } | undefined;
  private readonly executed = new Set<string>();
  private created = 0;
}
