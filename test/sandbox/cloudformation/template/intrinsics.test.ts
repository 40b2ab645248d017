// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub strings hold ${} variables.
import type { ResolveEnv } from '../../../../sandbox/cloudformation/contract.js';
import type { Template } from '../../../../sandbox/cloudformation/template/document.js';
import {
  dependencies,
  evaluateConditions,
  resolveValue,
} from '../../../../sandbox/cloudformation/template/intrinsics.js';
import { AwsError } from '../../../../sandbox/service.js';

const STACK_ID =
  'arn:aws:cloudformation:eu-west-1:111111111111:stack/platform/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** An environment in which `Db` and `Vpc` are provisioned and `Env` is a parameter. */
function env(overrides: Partial<ResolveEnv> = {}): ResolveEnv {
  const refs: Record<string, string> = { Db: 'platform-db', Vpc: 'vpc-0123456789abcdef0' };
  const attributes: Record<string, unknown> = {
    'Db.Endpoint.Address': 'platform-db.abc.eu-west-1.rds.amazonaws.com',
    'Db.Endpoint.Port': '5432',
    'Vpc.CidrBlock': '10.0.0.0/16',
  };
  return {
    stackName: 'platform',
    stackId: STACK_ID,
    region: 'eu-west-1',
    accountId: '111111111111',
    parameters: { Env: 'prod', Subnets: ['subnet-a', 'subnet-b'] },
    conditions: { IsProd: true, IsDev: false },
    mappings: { Sizes: { prod: { Class: 'db.m6g.large' } } },
    ref: (id) => {
      const value = refs[id];
      if (value === undefined) throw new AwsError('ValidationError', `Unknown resource ${id}`);
      return value;
    },
    getAtt: (id, attribute) => {
      const value = attributes[`${id}.${attribute}`];
      if (value === undefined) throw new AwsError('ValidationError', `No ${id}.${attribute}`);
      return value;
    },
    importValue: (name) => (name === 'shared-vpc' ? 'vpc-shared' : undefined),
    ...overrides,
  };
}

function validationMessage(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsError && error.code === 'ValidationError') return error.message;
    throw error;
  }
  throw new Error('no ValidationError thrown');
}

describe('intrinsic functions', () => {
  it('resolves Ref to resources, parameters and pseudo parameters', () => {
    // Prepare
    const value = {
      Resource: { Ref: 'Db' },
      Parameter: { Ref: 'Env' },
      Pseudo: ['Region', 'AccountId', 'StackName', 'StackId', 'URLSuffix', 'Partition'].map(
        (name) => ({ Ref: `AWS::${name}` }),
      ),
    };

    // Act
    const resolved = resolveValue(value, env());

    // Assess
    expect(resolved).toEqual({
      Resource: 'platform-db',
      Parameter: 'prod',
      Pseudo: ['eu-west-1', '111111111111', 'platform', STACK_ID, 'amazonaws.com', 'aws'],
    });
  });

  it('resolves Fn::GetAtt in its list and dotted forms, with dotted attribute names', () => {
    // Prepare
    const value = [
      { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      { 'Fn::GetAtt': 'Db.Endpoint.Port' },
      { 'Fn::GetAtt': ['Vpc', { Ref: 'AWS::NoValue' }] },
    ];

    // Act
    const message = validationMessage(() => resolveValue(value, env()));
    const resolved = resolveValue(value.slice(0, 2), env());

    // Assess
    expect(resolved).toEqual(['platform-db.abc.eu-west-1.rds.amazonaws.com', '5432']);
    expect(message).toBe(
      'Template error: every Fn::GetAtt object requires two non-empty parameters.',
    );
  });

  it('resolves Fn::Join over nested functions, as CDK builds dynamic references', () => {
    // Prepare
    const value = {
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Db' }, ':SecretString:password::}}']],
    };

    // Act
    const resolved = resolveValue(value, env());

    // Assess
    expect(resolved).toBe('{{resolve:secretsmanager:platform-db:SecretString:password::}}');
  });

  it('resolves Fn::Sub with parameters, resources, attributes, pseudo parameters and escapes', () => {
    // Prepare
    const value = {
      'Fn::Sub':
        'postgres://${Db.Endpoint.Address}:${Db.Endpoint.Port}/${Env}?r=${AWS::Region}&v=${Vpc}&lit=${!Literal}',
    };

    // Act
    const resolved = resolveValue(value, env());

    // Assess
    expect(resolved).toBe(
      'postgres://platform-db.abc.eu-west-1.rds.amazonaws.com:5432/prod?r=eu-west-1&v=vpc-0123456789abcdef0&lit=${Literal}',
    );
  });

  it('resolves Fn::Sub with a variable map whose values are functions', () => {
    // Prepare
    const value = {
      'Fn::Sub': [
        '${Host}:${Port}',
        {
          Host: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
          Port: { 'Fn::Sub': '${Db.Endpoint.Port}' },
        },
      ],
    };

    // Act
    const resolved = resolveValue(value, env());

    // Assess
    expect(resolved).toBe('platform-db.abc.eu-west-1.rds.amazonaws.com:5432');
  });

  it('resolves Fn::Select of Fn::GetAZs as CDK emits it for subnets', () => {
    // Prepare
    const zones = { 'Fn::GetAZs': '' };
    const second = { 'Fn::Select': [1, { 'Fn::GetAZs': { Ref: 'AWS::Region' } }] };

    // Act
    const resolved = [resolveValue(zones, env()), resolveValue(second, env())];

    // Assess
    expect(resolved).toEqual([['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], 'eu-west-1b']);
  });

  it('resolves Fn::Split and Fn::Select as CDK takes an ARN apart', () => {
    // Prepare
    const arn = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener/app/alb/0a1b/2c3d';
    const value = {
      'Fn::Join': [
        '/',
        [1, 2, 3].map((index) => ({ 'Fn::Select': [index, { 'Fn::Split': ['/', arn] }] })),
      ],
    };

    // Act
    const resolved = resolveValue(value, env());

    // Assess
    expect(resolved).toBe('app/alb/0a1b');
  });

  it('answers Fn::Select of a missing index with the CloudFormation error', () => {
    // Prepare
    const value = { 'Fn::Select': ['5', { Ref: 'Subnets' }] };

    // Act
    const message = validationMessage(() => resolveValue(value, env()));

    // Assess
    expect(message).toBe('Template error: Fn::Select cannot select nonexistent value at index 5');
  });

  it('removes properties and list items that Fn::If resolves to AWS::NoValue', () => {
    // Prepare
    const value = {
      MultiAZ: { 'Fn::If': ['IsProd', true, false] },
      DeletionProtection: { 'Fn::If': ['IsDev', true, { Ref: 'AWS::NoValue' }] },
      SecurityGroups: ['sg-1', { 'Fn::If': ['IsDev', 'sg-2', { Ref: 'AWS::NoValue' }] }],
    };

    // Act
    const resolved = resolveValue(value, env());

    // Assess
    expect(resolved).toEqual({ MultiAZ: true, SecurityGroups: ['sg-1'] });
  });

  it('resolves only the Fn::If branch its condition picks', () => {
    // Prepare
    const value = { 'Fn::If': ['IsProd', { Ref: 'Db' }, { Ref: 'NotCreated' }] };

    // Act
    const resolved = resolveValue(value, env());

    // Assess
    expect(resolved).toBe('platform-db');
  });

  it('resolves Fn::FindInMap, its default value, Fn::ImportValue and Fn::Base64', () => {
    // Prepare
    const value = [
      { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Class'] },
      { 'Fn::FindInMap': ['Sizes', 'dev', 'Class', { DefaultValue: 'db.t4g.micro' }] },
      { 'Fn::ImportValue': 'shared-vpc' },
      { 'Fn::Base64': 'echo hi' },
    ];

    // Act
    const resolved = resolveValue(value, env());

    // Assess
    expect(resolved).toEqual(['db.m6g.large', 'db.t4g.micro', 'vpc-shared', 'ZWNobyBoaQ==']);
  });

  it('resolves Fn::Cidr, Fn::Length and Fn::ToJsonString', () => {
    // Prepare
    const value = [
      { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 3, 8] },
      { 'Fn::Length': { Ref: 'Subnets' } },
      { 'Fn::ToJsonString': { Env: { Ref: 'Env' } } },
    ];

    // Act
    const resolved = resolveValue(value, env());

    // Assess
    expect(resolved).toEqual([['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'], 2, '{"Env":"prod"}']);
  });

  it('evaluates condition functions inline', () => {
    // Prepare
    const value = {
      And: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }] },
      Or: { 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Not': [{ Condition: 'IsProd' }] }] },
    };

    // Act
    const resolved = resolveValue(value, env());

    // Assess
    expect(resolved).toEqual({ And: true, Or: false });
  });

  it('passes values the engine does not know yet through the list functions', () => {
    // Prepare
    const unknown = '{{sandbox:unresolved:Listener}}';
    const value = { 'Fn::Select': [1, { 'Fn::Split': ['/', unknown] }] };

    // Act
    const resolved = resolveValue(value, env());

    // Assess
    expect(resolved).toBe(unknown);
  });

  it.each([
    [{ 'Fn::Join': ['-'] }, 'Template error: every Fn::Join object requires'],
    [{ 'Fn::Sub': 42 }, "Template error: One or more Fn::Sub intrinsic functions don't specify"],
    [{ 'Fn::If': ['Missing', 1, 2] }, 'Template error: unresolved condition dependency Missing'],
    [{ 'Fn::FindInMap': ['Sizes', 'dev', 'Class'] }, 'Unable to get mapping for Sizes::dev::Class'],
    [{ 'Fn::Magic': 'x' }, 'Template error: Encountered unsupported function: Fn::Magic'],
    [{ Ref: 'AWS::Nothing' }, 'Unresolved resource dependencies [AWS::Nothing]'],
  ])('answers a bad function with a ValidationError (%j)', (value, expected) => {
    // Prepare
    const environment = env();

    // Act
    const message = validationMessage(() => resolveValue(value, environment));

    // Assess
    expect(message).toContain(expected);
  });
});

describe('conditions', () => {
  const template = (conditions: Record<string, unknown>): Template => ({
    Conditions: conditions,
    Resources: {},
  });

  it('evaluates conditions that use parameters, mappings and other conditions', () => {
    // Prepare
    const conditions = {
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      IsLarge: {
        'Fn::Equals': [{ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Class'] }, 'db.m6g.large'],
      },
      ProdAndLarge: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'IsLarge' }] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    };

    // Act
    const evaluated = evaluateConditions(template(conditions), env());

    // Assess
    expect(evaluated).toEqual({ IsProd: true, IsLarge: true, ProdAndLarge: true, NotProd: false });
  });

  it('refuses resources and circular references in conditions', () => {
    // Prepare
    const withResource = template({ HasDb: { 'Fn::Equals': [{ Ref: 'Db' }, 'x'] } });
    const circular = template({ A: { 'Fn::Not': [{ Condition: 'B' }] }, B: { Condition: 'A' } });

    // Act
    const resourceMessage = validationMessage(() => evaluateConditions(withResource, env()));
    const circularMessage = validationMessage(() => evaluateConditions(circular, env()));

    // Assess
    expect(resourceMessage).toBe(
      'Template format error: Unresolved dependencies [Db]. Cannot reference resources in the Conditions block of the template',
    );
    expect(circularMessage).toContain('circular dependency between conditions [A, B, A]');
  });
});

describe('dependencies', () => {
  it('collects Ref, Fn::GetAtt, Fn::Sub variables and DependsOn, without pseudo parameters', () => {
    // Prepare
    const resource = {
      Type: 'AWS::ECS::Service',
      DependsOn: ['Listener'],
      Properties: {
        Cluster: { Ref: 'Cluster' },
        TaskDefinition: { 'Fn::If': ['IsProd', { Ref: 'TaskProd' }, { Ref: 'TaskDev' }] },
        Role: { 'Fn::GetAtt': 'Role.Arn' },
        Url: { 'Fn::Sub': '${Db.Endpoint.Address}:${Port}/${AWS::Region}/${!Literal}' },
        Mapped: { 'Fn::Sub': ['${Local}', { Local: { 'Fn::GetAtt': ['Secret', 'Id'] } }] },
      },
    };

    // Act
    const found = dependencies(resource);

    // Assess
    expect([...found].sort()).toEqual(
      ['Cluster', 'Db', 'Listener', 'Port', 'Role', 'Secret', 'TaskDev', 'TaskProd'].sort(),
    );
  });

  it('leaves out parameters when given the template', () => {
    // Prepare
    const template: Template = {
      Parameters: { Env: { Type: 'String' } },
      Resources: { Vpc: { Type: 'AWS::EC2::VPC' } },
    };
    const resource = {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: { Ref: 'Vpc' }, Tags: [{ Key: 'env', Value: { Ref: 'Env' } }] },
    };

    // Act
    const found = dependencies(resource, template);

    // Assess
    expect([...found]).toEqual(['Vpc']);
  });
});
