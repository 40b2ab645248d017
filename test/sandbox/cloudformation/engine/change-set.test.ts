import type {
  HandlerLookup,
  ResourceTypeHandler,
} from '../../../../sandbox/cloudformation/contract.js';
import { computeChanges } from '../../../../sandbox/cloudformation/engine/change-set.js';
import type {
  StackRecord,
  StackResourceRecord,
  StackTag,
} from '../../../../sandbox/cloudformation/state.js';
import type { Template } from '../../../../sandbox/cloudformation/template/document.js';
import { initialSandboxState, type SandboxState } from '../../../../sandbox/state.js';

const STACK_ID = 'arn:aws:cloudformation:eu-west-1:000000000000:stack/app/1';

/** `Test::Thing` replaces on `Zone`, may replace on `Size`, is named by `Name`. */
const THING: ResourceTypeHandler = {
  replaceOn: ['Zone'],
  conditionalReplaceOn: ['Size'],
  nameProperty: 'Name',
  create: () => ({ physicalId: 'unused', attributes: {} }),
  update: () => ({ physicalId: 'unused', attributes: {} }),
  delete: () => undefined,
};
const OTHER: ResourceTypeHandler = { ...THING, replaceOn: [], conditionalReplaceOn: [] };
delete (OTHER as { nameProperty?: string }).nameProperty;
const handlers: HandlerLookup = (type) => (type === 'Test::Thing' ? THING : OTHER);

function record(
  logicalId: string,
  properties: Record<string, unknown>,
  extra: Partial<StackResourceRecord> = {},
): StackResourceRecord {
  return {
    logicalId,
    type: 'Test::Thing',
    physicalId: `${logicalId.toLowerCase()}-1`,
    status: 'CREATE_COMPLETE',
    timestamp: '2026-01-01T00:00:00.000Z',
    properties,
    attributes: { Arn: `arn:test:${logicalId.toLowerCase()}-1`, Ips: ['10.0.0.1'] },
    ...extra,
  };
}

function stack(
  template: Template,
  resources: StackResourceRecord[],
  parameters: Record<string, string> = {},
  tags: StackTag[] = [],
): StackRecord {
  return {
    templateBody: JSON.stringify(template),
    template,
    parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
      ParameterKey,
      ParameterValue,
    })),
    capabilities: [],
    tags,
    stackId: STACK_ID,
    stackName: 'app',
    accountId: '000000000000',
    region: 'eu-west-1',
    status: 'CREATE_COMPLETE',
    creationTime: '2026-01-01T00:00:00.000Z',
    enableTerminationProtection: false,
    outputs: [],
    imports: [],
    resources: Object.fromEntries(resources.map((r) => [r.logicalId, r])),
    events: [],
    clientRequestTokens: [],
  };
}

function changesOf(
  state: SandboxState,
  current: StackRecord,
  template: Template,
  parameters: Record<string, string> = {},
  tags: StackTag[] = current.tags,
) {
  return computeChanges({
    state,
    stack: current,
    handlers,
    definition: {
      templateBody: JSON.stringify(template),
      template,
      parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
      capabilities: [],
      tags,
    },
  });
}

const base: Template = {
  Resources: {
    A: { Type: 'Test::Thing', Properties: { Zone: 'a', Size: 1, Name: 'alpha' } },
    B: {
      Type: 'Test::Thing',
      Properties: { Target: { Ref: 'A' }, Arn: { 'Fn::GetAtt': ['A', 'Arn'] } },
    },
  },
};
const deployed = () =>
  stack(base, [
    record('A', { Zone: 'a', Size: 1, Name: 'alpha' }),
    record('B', { Target: 'a-1', Arn: 'arn:test:a-1' }),
  ]);

function withA(properties: Record<string, unknown>, template: Template = base): Template {
  return {
    ...template,
    Resources: { ...template.Resources, A: { Type: 'Test::Thing', Properties: properties } },
  };
}

describe('change set computation', () => {
  let state: SandboxState;

  beforeEach(() => {
    state = initialSandboxState();
  });

  it('finds no change in an unchanged template', () => {
    // Act
    const changes = changesOf(state, deployed(), base);

    // Assess
    expect(changes).toEqual([]);
  });

  it('replaces on a property the type replaces on and marks the references to it dynamic', () => {
    // Act
    const changes = changesOf(state, deployed(), withA({ Zone: 'b', Size: 1, Name: 'alpha' }));

    // Assess
    expect(changes).toEqual([
      {
        Action: 'Modify',
        LogicalResourceId: 'A',
        PhysicalResourceId: 'a-1',
        ResourceType: 'Test::Thing',
        Replacement: 'True',
        PolicyAction: 'ReplaceAndDelete',
        Scope: ['Properties'],
        Details: [
          expect.objectContaining({
            Target: expect.objectContaining({ Name: 'Zone', RequiresRecreation: 'Always' }),
            Evaluation: 'Static',
            ChangeSource: 'DirectModification',
          }),
        ],
      },
      expect.objectContaining({
        LogicalResourceId: 'B',
        Replacement: 'False',
        Details: [
          expect.objectContaining({
            Target: expect.objectContaining({ Name: 'Target' }),
            Evaluation: 'Dynamic',
            ChangeSource: 'ResourceReference',
            CausingEntity: 'A',
          }),
          expect.objectContaining({
            Target: expect.objectContaining({ Name: 'Arn' }),
            Evaluation: 'Dynamic',
            ChangeSource: 'ResourceAttribute',
            CausingEntity: 'A.Arn',
          }),
        ],
      }),
    ]);
  });

  it('reports a conditional replacement for a property that may replace', () => {
    // Act
    const [change] = changesOf(state, deployed(), withA({ Zone: 'a', Size: 2, Name: 'alpha' }));

    // Assess
    expect(change).toMatchObject({
      Replacement: 'Conditional',
      Details: [{ Target: { Name: 'Size', RequiresRecreation: 'Conditionally' } }],
    });
  });

  it('replaces a resource whose physical name changes', () => {
    // Act
    const [change] = changesOf(state, deployed(), withA({ Zone: 'a', Size: 1, Name: 'beta' }));

    // Assess
    expect(change).toMatchObject({
      Replacement: 'True',
      Details: [{ Target: { Name: 'Name', RequiresRecreation: 'Always' } }],
    });
  });

  it('modifies only the attributes a modification may change, Ref staying known', () => {
    // Act
    const changes = changesOf(
      state,
      deployed(),
      withA({ Zone: 'a', Size: 1, Name: 'alpha', Extra: true }),
    );

    // Assess
    expect(changes.map((change) => [change.LogicalResourceId, change.Replacement])).toEqual([
      ['A', 'False'],
      ['B', 'False'],
    ]);
    expect(changes[1]?.Details.map((detail) => detail.CausingEntity)).toEqual(['A.Arn']);
  });

  it('makes a replacement conditional when a replace-on property depends on a replaced resource', () => {
    // Prepare
    const template: Template = {
      Resources: {
        A: { Type: 'Test::Thing', Properties: { Zone: 'b' } },
        C: { Type: 'Test::Thing', Properties: { Zone: { Ref: 'A' } } },
      },
    };
    const current = stack(
      {
        Resources: { ...template.Resources, A: { Type: 'Test::Thing', Properties: { Zone: 'a' } } },
      },
      [record('A', { Zone: 'a' }), record('C', { Zone: 'a-1' })],
    );

    // Act
    const changes = changesOf(state, current, template);

    // Assess
    expect(changes.find((change) => change.LogicalResourceId === 'C')).toMatchObject({
      Replacement: 'Conditional',
      PolicyAction: 'ReplaceAndDelete',
      Details: [{ Target: { Name: 'Zone', RequiresRecreation: 'Always' }, Evaluation: 'Dynamic' }],
    });
  });

  it('attributes a change to the parameter it comes from', () => {
    // Prepare
    const template: Template = {
      Parameters: { Size: { Type: 'Number' } },
      Resources: { A: { Type: 'Test::Thing', Properties: { Size: { Ref: 'Size' } } } },
    };
    const current = stack(template, [record('A', { Size: '1' })], { Size: '1' });

    // Act
    const [change] = changesOf(state, current, template, { Size: '2' });

    // Assess
    expect(change?.Details).toEqual([
      expect.objectContaining({
        Evaluation: 'Static',
        ChangeSource: 'ParameterReference',
        CausingEntity: 'Size',
      }),
    ]);
  });

  it('removes resources the template drops, with the action their DeletionPolicy takes', () => {
    // Prepare
    const current = stack(base, [
      record('A', { Zone: 'a', Size: 1, Name: 'alpha' }, { deletionPolicy: 'Retain' }),
      record('B', { Target: 'a-1', Arn: 'arn:test:a-1' }),
    ]);
    const template: Template = { Resources: { N: { Type: 'Other::Thing' } } };

    // Act
    const changes = changesOf(state, current, template);

    // Assess
    expect(
      changes.map((change) => [change.Action, change.LogicalResourceId, change.PolicyAction]),
    ).toEqual([
      ['Add', 'N', undefined],
      ['Remove', 'A', 'Retain'],
      ['Remove', 'B', 'Delete'],
    ]);
  });

  it('replaces and retains a resource with UpdateReplacePolicy Retain', () => {
    // Prepare
    const template = withA({ Zone: 'b', Size: 1, Name: 'alpha' });
    const retained: Template = {
      ...template,
      Resources: {
        ...template.Resources,
        A: { ...template.Resources.A, Type: 'Test::Thing', UpdateReplacePolicy: 'Retain' },
      },
    };

    // Act
    const [change] = changesOf(state, deployed(), retained);

    // Assess
    expect(change?.PolicyAction).toBe('ReplaceAndRetain');
  });

  it('resolves values of resources still to be created as placeholders without failing', () => {
    // Prepare
    const template: Template = {
      Resources: {
        ...base.Resources,
        N: { Type: 'Other::Thing' },
        B: {
          Type: 'Test::Thing',
          Properties: {
            Target: { 'Fn::Select': [0, { 'Fn::GetAtt': ['N', 'Ips'] }] },
            Arn: { 'Fn::Join': [':', [{ Ref: 'N' }, 'x']] },
          },
        },
      },
    };

    // Act
    const changes = changesOf(state, deployed(), template);

    // Assess
    expect(changes.map((change) => [change.Action, change.LogicalResourceId])).toEqual([
      ['Add', 'N'],
      ['Modify', 'B'],
    ]);
    expect(changes[1]?.Details.filter((detail) => detail.Evaluation === 'Dynamic')).toHaveLength(2);
  });

  it('shows a change of the Tags property under the Tags attribute', () => {
    // Prepare
    const current = stack(
      { Resources: { A: { Type: 'Other::Thing', Properties: { Tags: [] } } } },
      [record('A', { Tags: [] }, { type: 'Other::Thing' })],
    );

    // Act
    const [change] = changesOf(state, current, {
      Resources: {
        A: { Type: 'Other::Thing', Properties: { Tags: [{ Key: 'team', Value: 'web' }] } },
      },
    });

    // Assess
    expect(change).toMatchObject({
      Scope: ['Tags'],
      Details: [{ Target: { Attribute: 'Tags', RequiresRecreation: 'Never' } }],
    });
    expect(change?.Details[0]?.Target.Name).toBeUndefined();
  });

  it('modifies every resource when the stack tags change', () => {
    // Act
    const changes = changesOf(state, deployed(), base, {}, [{ Key: 'team', Value: 'web' }]);

    // Assess
    expect(changes.map((change) => [change.LogicalResourceId, change.Scope])).toEqual([
      ['A', ['Tags']],
      ['B', ['Tags']],
    ]);
  });

  it('adds and removes resources whose condition changes', () => {
    // Prepare
    const template: Template = {
      Parameters: { Env: { Type: 'String' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: {
        A: { Type: 'Other::Thing', Condition: 'IsProd' },
        B: { Type: 'Other::Thing', Condition: 'IsStaging' },
      },
    };
    const conditioned: Template = {
      ...template,
      Conditions: { ...template.Conditions, IsStaging: { 'Fn::Not': [{ Condition: 'IsProd' }] } },
    };
    const current = stack(conditioned, [record('B', {}, { type: 'Other::Thing' })], {
      Env: 'staging',
    });

    // Act
    const changes = changesOf(state, current, conditioned, { Env: 'prod' });

    // Assess
    expect(changes.map((change) => [change.Action, change.LogicalResourceId])).toEqual([
      ['Add', 'A'],
      ['Remove', 'B'],
    ]);
  });

  it('fails on an import of an export no stack has', () => {
    // Prepare
    const template: Template = {
      Resources: {
        A: { Type: 'Other::Thing', Properties: { Value: { 'Fn::ImportValue': 'missing' } } },
      },
    };

    // Act
    const compute = () => changesOf(state, stack(template, []), template);

    // Assess
    expect(compute).toThrow('No export named missing found.');
  });
});
