// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub strings hold ${} variables.
import type { ResourceTypeHandler } from '../../../../sandbox/cloudformation/contract.js';
import { createCloudFormationService } from '../../../../sandbox/cloudformation/service.js';
import type { StackRecord } from '../../../../sandbox/cloudformation/state.js';
import { DeferredWork } from '../../../../sandbox/runtime.js';
import { SerialQueue } from '../../../../sandbox/serial-queue.js';
import { AwsError, type ServiceContext } from '../../../../sandbox/service.js';
import { initialSandboxState, type SandboxState } from '../../../../sandbox/state.js';
import { callOperation } from '../../helpers.js';

/** A context without `defer`: stack operations run to their end within the call. */
const ctx: ServiceContext = {
  accountId: '000000000000',
  region: 'eu-west-1',
  requestId: 'request',
  now: new Date('2026-01-01T00:00:00.000Z'),
};

/** Fake handlers that record their calls; `Test::Named` is named by `Name`, replaced on `Zone`. */
function recordingHandlers(overrides: Partial<ResourceTypeHandler> = {}) {
  const calls: string[] = [];
  let serial = 0;
  const handler: ResourceTypeHandler = {
    replaceOn: ['Zone'],
    create(_state, logicalId) {
      serial += 1;
      calls.push(`create ${logicalId}`);
      return {
        physicalId: `${logicalId}-${serial}`,
        attributes: { Arn: `arn:${logicalId}-${serial}` },
      };
    },
    update(_state, logicalId, physicalId) {
      calls.push(`update ${logicalId}`);
      return { physicalId, attributes: { Arn: `arn:${physicalId}` } };
    },
    delete(_state, physicalId) {
      calls.push(`delete ${physicalId}`);
    },
    ...overrides,
  };
  const named: ResourceTypeHandler = { ...handler, nameProperty: 'Name' };
  return { calls, handlers: (type: string) => (type === 'Test::Named' ? named : handler) };
}

type Service = ReturnType<typeof createCloudFormationService>;

function call(
  service: Service,
  state: SandboxState,
  operation: string,
  input: Record<string, unknown>,
) {
  return callOperation(service, state, operation, input, ctx);
}

function deploy(
  service: Service,
  state: SandboxState,
  template: object,
  type: 'CREATE' | 'UPDATE',
  extra: Record<string, unknown> = {},
): StackRecord {
  const { Id } = call(service, state, 'CreateChangeSet', {
    StackName: 'app',
    ChangeSetName: `cs${Object.keys(state.cloudformation.changeSets).length + 1}`,
    ChangeSetType: type,
    TemplateBody: JSON.stringify(template),
  });
  call(service, state, 'ExecuteChangeSet', { ChangeSetName: Id, ...extra });
  return Object.values(state.cloudformation.stacks)[0] as StackRecord;
}

function eventsOf(stack: StackRecord): string[] {
  return stack.events.map((event) => `${event.logicalId} ${event.status}`);
}

describe('stack engine', () => {
  let state: SandboxState;

  beforeEach(() => {
    state = initialSandboxState();
  });

  it('creates in dependency order whatever the template order, and deletes in reverse', () => {
    // Prepare
    const { calls, handlers } = recordingHandlers();
    const service = createCloudFormationService({ handlers });
    const template = {
      Resources: {
        Service: { Type: 'Test::Thing', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
        Alarm: { Type: 'Test::Thing', DependsOn: 'Service' },
        Role: { Type: 'Test::Thing', Properties: { Name: { 'Fn::Sub': '${Bucket}-role' } } },
        Bucket: { Type: 'Test::Thing' },
      },
    };

    // Act
    deploy(service, state, template, 'CREATE');
    call(service, state, 'DeleteStack', { StackName: 'app' });

    // Assess
    expect(calls).toEqual([
      'create Bucket',
      'create Role',
      'create Service',
      'create Alarm',
      'delete Alarm-4',
      'delete Service-3',
      'delete Role-2',
      'delete Bucket-1',
    ]);
  });

  it('replaces a resource whose update the handler cannot make in place', () => {
    // Prepare
    const { calls, handlers } = recordingHandlers({
      update() {
        throw new AwsError('NotUpdatable', 'needs a new resource');
      },
    });
    const service = createCloudFormationService({ handlers });
    deploy(
      service,
      state,
      { Resources: { Db: { Type: 'Test::Thing', Properties: { Engine: '15' } } } },
      'CREATE',
    );

    // Act
    const stack = deploy(
      service,
      state,
      { Resources: { Db: { Type: 'Test::Thing', Properties: { Engine: '16' } } } },
      'UPDATE',
    );

    // Assess
    expect(stack.status).toBe('UPDATE_COMPLETE');
    expect(stack.resources.Db?.physicalId).toBe('Db-2');
    expect(calls).toEqual(['create Db', 'create Db', 'delete Db-1']);
  });

  it('refuses to replace a resource whose custom name stays the same, as AWS does', () => {
    // Prepare
    const { handlers } = recordingHandlers();
    const service = createCloudFormationService({ handlers });
    deploy(
      service,
      state,
      { Resources: { Group: { Type: 'Test::Named', Properties: { Name: 'web', Zone: 'a' } } } },
      'CREATE',
    );

    // Act
    const stack = deploy(
      service,
      state,
      { Resources: { Group: { Type: 'Test::Named', Properties: { Name: 'web', Zone: 'b' } } } },
      'UPDATE',
    );

    // Assess
    expect(stack.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(stack.events.find((event) => event.status === 'UPDATE_FAILED')?.statusReason).toBe(
      'CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename web and update the stack again.',
    );
  });

  it('keeps the old copy of a replaced resource with UpdateReplacePolicy Retain', () => {
    // Prepare
    const { calls, handlers } = recordingHandlers();
    const service = createCloudFormationService({ handlers });
    const resource = (zone: string) => ({
      Resources: {
        Db: { Type: 'Test::Thing', UpdateReplacePolicy: 'Retain', Properties: { Zone: zone } },
      },
    });
    deploy(service, state, resource('a'), 'CREATE');

    // Act
    const stack = deploy(service, state, resource('b'), 'UPDATE');

    // Assess
    expect(calls).toEqual(['create Db', 'create Db']);
    expect(eventsOf(stack).slice(-3)).toEqual([
      'app UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'Db DELETE_SKIPPED',
      'app UPDATE_COMPLETE',
    ]);
  });

  it('stops in UPDATE_FAILED without rolling back when asked to', () => {
    // Prepare
    const { calls, handlers } = recordingHandlers({
      update() {
        throw new AwsError('InvalidRequest', 'refused');
      },
    });
    const service = createCloudFormationService({ handlers });
    deploy(
      service,
      state,
      { Resources: { A: { Type: 'Test::Thing', Properties: { Size: 1 } } } },
      'CREATE',
    );

    // Act
    const stack = deploy(
      service,
      state,
      { Resources: { A: { Type: 'Test::Thing', Properties: { Size: 2 } } } },
      'UPDATE',
      {
        DisableRollback: 'true',
      },
    );

    // Assess
    expect(stack).toMatchObject({
      status: 'UPDATE_FAILED',
      statusReason: 'The following resource(s) failed to update: [A].',
    });
    expect(calls).toEqual(['create A']);
  });

  it('fails a stack whose export name another stack already exports', () => {
    // Prepare
    const { handlers } = recordingHandlers();
    const service = createCloudFormationService({ handlers });
    const template = {
      Resources: { A: { Type: 'Test::Thing' } },
      Outputs: { Arn: { Value: { 'Fn::GetAtt': ['A', 'Arn'] }, Export: { Name: 'shared' } } },
    };
    deploy(service, state, template, 'CREATE');

    // Act
    const { Id } = call(service, state, 'CreateChangeSet', {
      StackName: 'second',
      ChangeSetName: 'initial',
      ChangeSetType: 'CREATE',
      TemplateBody: JSON.stringify(template),
    });
    call(service, state, 'ExecuteChangeSet', { ChangeSetName: Id });
    const second = Object.values(state.cloudformation.stacks).find(
      (stack) => stack.stackName === 'second',
    );

    // Assess
    expect(second?.status).toBe('ROLLBACK_COMPLETE');
    expect(
      second?.events.find((event) => event.status === 'ROLLBACK_IN_PROGRESS')?.statusReason,
    ).toBe('Export with name shared is already exported by stack app. Rollback requested by user.');
  });

  it('refuses an ExecuteChangeSet whose client request token was used before', () => {
    // Prepare
    const { handlers } = recordingHandlers();
    const service = createCloudFormationService({ handlers });
    deploy(
      service,
      state,
      { Resources: { A: { Type: 'Test::Thing', Properties: { Size: 1 } } } },
      'CREATE',
      {
        ClientRequestToken: 'token-1',
      },
    );
    const { Id } = call(service, state, 'CreateChangeSet', {
      StackName: 'app',
      ChangeSetName: 'next',
      TemplateBody: JSON.stringify({
        Resources: { A: { Type: 'Test::Thing', Properties: { Size: 2 } } },
      }),
    });

    // Act
    const execute = () =>
      call(service, state, 'ExecuteChangeSet', {
        ChangeSetName: Id,
        ClientRequestToken: 'token-1',
      });

    // Assess
    expect(execute).toThrow(expect.objectContaining({ code: 'TokenAlreadyExistsException' }));
  });

  it('tags the events of an operation with its client request token', () => {
    // Prepare
    const { handlers } = recordingHandlers();
    const service = createCloudFormationService({ handlers });

    // Act
    const stack = deploy(service, state, { Resources: { A: { Type: 'Test::Thing' } } }, 'CREATE', {
      ClientRequestToken: 'deploy-42',
    });

    // Assess
    expect(stack.events.slice(1).every((event) => event.clientRequestToken === 'deploy-42')).toBe(
      true,
    );
  });
});

describe('deferred work', () => {
  it('waits in idle() for tasks and the tasks they schedule, in order', async () => {
    // Prepare
    const order: string[] = [];
    const persisted: string[] = [];
    const work = new DeferredWork(
      new SerialQueue(),
      async () => {
        persisted.push(order.at(-1) ?? '');
      },
      5,
    );

    // Act
    work.schedule(() => {
      order.push('first');
      work.schedule(() => order.push('second'), 1);
    });
    await work.idle();

    // Assess
    expect(order).toEqual(['first', 'second']);
    expect(persisted).toEqual(['first', 'second']);
  });

  it('drops the tasks not yet run when cancelled', async () => {
    // Prepare
    const order: string[] = [];
    const work = new DeferredWork(new SerialQueue(), async () => undefined, 5);
    work.schedule(() => order.push('late'), 50);

    // Act
    work.cancelAll();
    await work.idle();
    await new Promise((resolve) => setTimeout(resolve, 80));

    // Assess
    expect(order).toEqual([]);
  });

  it('reports the error of a failed task from idle()', async () => {
    // Prepare
    const work = new DeferredWork(new SerialQueue(), async () => undefined, 1);
    work.schedule(() => {
      throw new Error('step failed');
    });

    // Act
    const outcome = await work.idle().catch((error: unknown) => error);

    // Assess
    expect(outcome).toEqual(new Error('step failed'));
  });
});
