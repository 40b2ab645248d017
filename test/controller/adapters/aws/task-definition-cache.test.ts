import { TaskDefinitionCache } from '../../../../controller/adapters/aws/task-definition-cache.js';
import type { TaskDefinitionState } from '../../../../controller/model/live-state.js';
import { deferred } from './support.js';

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-api:42';

function revision(arn: string): TaskDefinitionState {
  return { arn, family: 'prod-api', revision: 42, cpu: 256, memory: 512, containers: [] };
}

describe('TaskDefinitionCache', () => {
  it('loads a revision once and serves it from memory afterwards', async () => {
    // Prepare
    const cache = new TaskDefinitionCache();
    const load = jest.fn(async (arn: string) => revision(arn));

    // Act
    const first = await cache.get(ARN, load);
    const second = await cache.get(ARN, load);

    // Assess
    expect(load).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
  });

  it('shares one in-flight load between concurrent lookups of an ARN', async () => {
    // Prepare
    const cache = new TaskDefinitionCache();
    const pending = deferred<TaskDefinitionState>();
    const load = jest.fn(() => pending.promise);

    // Act
    const lookups = [cache.get(ARN, load), cache.get(ARN, load), cache.get(ARN, load)];
    pending.resolve(revision(ARN));
    const results = await Promise.all(lookups);

    // Assess
    expect(load).toHaveBeenCalledTimes(1);
    expect(results.map((r) => r.arn)).toEqual([ARN, ARN, ARN]);
  });

  it('forgets a failed load so the next lookup tries again', async () => {
    // Prepare
    const cache = new TaskDefinitionCache();
    const load = jest
      .fn<Promise<TaskDefinitionState>, [string]>()
      .mockRejectedValueOnce(new Error('Throttling'))
      .mockImplementation(async (arn) => revision(arn));

    // Act
    const failed = cache.get(ARN, load);
    await expect(failed).rejects.toThrow('Throttling');
    const retried = await cache.get(ARN, load);

    // Assess
    expect(load).toHaveBeenCalledTimes(2);
    expect(retried.arn).toBe(ARN);
  });

  it('drops the oldest revision beyond maxEntries', async () => {
    // Prepare
    const cache = new TaskDefinitionCache({ maxEntries: 2 });
    const load = jest.fn(async (arn: string) => revision(arn));

    // Act
    await cache.get(`${ARN}-a`, load);
    await cache.get(`${ARN}-b`, load);
    await cache.get(`${ARN}-c`, load);
    await cache.get(`${ARN}-a`, load);

    // Assess
    expect(cache.size).toBe(2);
    expect(load.mock.calls.map(([arn]) => arn.slice(-1))).toEqual(['a', 'b', 'c', 'a']);
  });
});
