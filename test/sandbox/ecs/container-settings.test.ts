import {
  DescribeTaskDefinitionCommand,
  type ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { ecsClient, fargateTaskDefinition } from '../helpers.js';

describe('ECS emulation: container settings', () => {
  let sandbox: Sandbox;
  let ecs: ECSClient;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
    ecs = ecsClient(sandbox);
  });

  afterEach(async () => {
    ecs.destroy();
    await sandbox.close();
  });

  function withContainer(settings: Record<string, unknown>) {
    const base = fargateTaskDefinition('api');
    const [container] = base.containerDefinitions ?? [];
    return { ...base, containerDefinitions: [{ ...container, ...settings, name: 'api' }] };
  }

  it('keeps readonlyRootFilesystem as registered, and leaves it out when it was not given', async () => {
    // Prepare
    await ecs.send(
      new RegisterTaskDefinitionCommand(withContainer({ readonlyRootFilesystem: true })),
    );
    await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition('worker')));

    // Act
    const api = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' }));
    const worker = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'worker' }));

    // Assess
    expect(api.taskDefinition?.containerDefinitions?.[0]?.readonlyRootFilesystem).toBe(true);
    expect(worker.taskDefinition?.containerDefinitions?.[0]).not.toHaveProperty(
      'readonlyRootFilesystem',
    );
  });

  it('answers a readonlyRootFilesystem that is not a boolean with SerializationException', async () => {
    // Prepare
    const input = withContainer({ readonlyRootFilesystem: 'yes' });

    // Act
    const error = await ecs
      .send(new RegisterTaskDefinitionCommand(input as never))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'SerializationException',
      message: "Expected a boolean for 'readonlyRootFilesystem'.",
    });
  });
});
