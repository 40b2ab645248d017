import type { LockStore } from '../controller/ports/lock-store.js';
import type { StackDeployer } from '../controller/ports/stack-deployer.js';

/**
 * Against an emulator endpoint nothing else creates what the controller's own stack owns on AWS
 * (the state table, the template bucket). These wrappers create it on first use: first lease, first
 * change set. Both come after the flow's identity check, so a refused rollout still writes nothing.
 */
export function provisionedOnFirstAcquire(
  locks: LockStore,
  provision: () => Promise<void>,
): LockStore {
  const once = onlyOnce(provision);
  return {
    acquire: async (env, owner, ttlMs) => {
      await once();
      return locks.acquire(env, owner, ttlMs);
    },
    renew: (lease, ttlMs) => locks.renew(lease, ttlMs),
    release: (lease) => locks.release(lease),
    park: (lease, holdMs) => locks.park(lease, holdMs),
    resume: async (lease, ttlMs) => {
      await once();
      return locks.resume(lease, ttlMs);
    },
    inspect: (env) => locks.inspect(env),
    forceRelease: (env) => locks.forceRelease(env),
  };
}

/** See {@link provisionedOnFirstAcquire}: provisions before the first change set is created. */
export function provisionedOnFirstChangeSet(
  deployer: StackDeployer,
  provision: () => Promise<void>,
): StackDeployer {
  const once = onlyOnce(provision);
  return {
    createChangeSet: async (template, options) => {
      await once();
      return deployer.createChangeSet(template, options);
    },
    describeChangeSet: (ref) => deployer.describeChangeSet(ref),
    executeChangeSet: (ref) => deployer.executeChangeSet(ref),
    execution: (ref) => deployer.execution(ref),
    deleteChangeSet: (ref) => deployer.deleteChangeSet(ref),
    status: (name) => deployer.status(name),
    events: (name, since) => deployer.events(name, since),
    deployedPaths: (name) => deployer.deployedPaths(name),
    protect: (name) => deployer.protect(name),
  };
}

/** Runs `work` once; a failed run is tried again on the next call. */
function onlyOnce(work: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= work().catch((error: unknown) => {
      done = undefined;
      throw error;
    });
    return done;
  };
}
