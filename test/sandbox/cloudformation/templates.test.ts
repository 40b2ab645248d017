// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub strings hold ${} variables.
import {
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  GetTemplateCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseTemplateUrl } from '../../../sandbox/cloudformation/template/source.js';
import { loadTemplate } from '../../../sandbox/cloudformation/template/validation.js';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { REGION } from '../helpers.js';
import { cloudFormation } from './helpers.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

const TOPIC = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });

describe('template text', () => {
  it('reads YAML with the short-form intrinsic functions', () => {
    // Prepare
    const text = [
      'Parameters:',
      '  Env: { Type: String }',
      'Resources:',
      '  Group:',
      '    Type: AWS::EC2::SecurityGroup',
      '    Properties:',
      '      GroupDescription: !Sub "${Env} api"',
      '      VpcId: !ImportValue network-vpc',
      '  Rule:',
      '    Type: AWS::EC2::SecurityGroupIngress',
      '    Properties:',
      '      GroupId: !GetAtt Group.GroupId',
      '      Description: !Join [" ", [!Ref Env, !Select [0, !Split [",", "a,b"]]]]',
      '      FromPort: !If [IsProd, 443, 80]',
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
    ].join('\n');

    // Act
    const template = loadTemplate(text);

    // Assess
    expect(template.Resources.Group?.Properties).toEqual({
      GroupDescription: { 'Fn::Sub': '${Env} api' },
      VpcId: { 'Fn::ImportValue': 'network-vpc' },
    });
    expect(template.Resources.Rule?.Properties).toEqual({
      GroupId: { 'Fn::GetAtt': ['Group', 'GroupId'] },
      Description: {
        'Fn::Join': [' ', [{ Ref: 'Env' }, { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] }]],
      },
      FromPort: { 'Fn::If': ['IsProd', 443, 80] },
    });
    expect(template.Conditions).toEqual({ IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } });
  });

  it.each([
    [
      'malformed JSON',
      '{ "Resources": {',
      'Template format error: JSON not well-formed. (line 1, column 17)',
    ],
    [
      'a template without resources',
      '{ "Resources": {} }',
      'Template format error: At least one Resources member must be defined.',
    ],
    [
      'a resource without a Type',
      '{ "Resources": { "A": { "Properties": {} } } }',
      'Template format error: [/Resources/A] Every Resources object must contain a Type member.',
    ],
    [
      'a reference to nothing',
      '{ "Resources": { "A": { "Type": "AWS::SNS::Topic", "Properties": { "X": { "Ref": "Missing" } } } } }',
      'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
    ],
    [
      'a dependency cycle',
      '{ "Resources": { "A": { "Type": "AWS::SNS::Topic", "DependsOn": "B" }, "B": { "Type": "AWS::SNS::Topic", "Properties": { "X": { "Fn::Sub": "${A.TopicName}" } } } } }',
      'Circular dependency between resources: [A, B]',
    ],
    [
      'an unknown top-level section',
      '{ "Resources": { "A": { "Type": "AWS::SNS::Topic" } }, "Extra": 1 }',
      'Template format error: Invalid template property or properties [Extra]',
    ],
  ])('refuses %s', (_case, text, message) => {
    // Act
    const load = () => loadTemplate(text);

    // Assess
    expect(load).toThrow(message);
  });

  it.each([
    [
      'https://assets.s3.eu-west-1.amazonaws.com/dir/app.json',
      { bucket: 'assets', key: 'dir/app.json' },
    ],
    [
      'https://s3.eu-west-1.amazonaws.com/assets/dir/app.json',
      { bucket: 'assets', key: 'dir/app.json' },
    ],
    ['https://cdk-assets.s3.amazonaws.com/a%20b.json', { bucket: 'cdk-assets', key: 'a b.json' }],
    ['http://127.0.0.1:4566/assets/app.json', { bucket: 'assets', key: 'app.json' }],
    ['https://example.com/assets/app.json', undefined],
    ['not a url', undefined],
  ])('locates the S3 object of %s', (url, expected) => {
    // Act
    const location = parseTemplateUrl(url);

    // Assess
    expect(location).toEqual(expected);
  });
});

describe('CloudFormation template and parameter validation', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  function propose(input: Partial<ConstructorParameters<typeof CreateChangeSetCommand>[0]>) {
    return cloudFormation(sandbox)
      .send(
        new CreateChangeSetCommand({
          StackName: 'app',
          ChangeSetName: 'initial',
          ChangeSetType: 'CREATE',
          ...input,
        }),
      )
      .catch((e: unknown) => e);
  }

  it('refuses an inline template over 51,200 bytes as AWS does', async () => {
    // Prepare
    const body = `${TOPIC.slice(0, -1)}, "Description": "${'x'.repeat(51_200)}" }`;

    // Act
    const error = await propose({ TemplateBody: body });

    // Assess
    expect(error).toMatchObject({ name: 'ValidationError' });
    expect((error as Error).message).toBe(
      `1 validation error detected: Value '${body}' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200`,
    );
  });

  it('reads a template from the sandbox S3 through TemplateURL', async () => {
    // Prepare
    const s3 = new S3Client({
      endpoint: sandbox.url,
      region: REGION,
      credentials,
      forcePathStyle: true,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'assets' }));
    await s3.send(new PutObjectCommand({ Bucket: 'assets', Key: 'stacks/app.json', Body: TOPIC }));

    // Act
    const created = await propose({ TemplateURL: `${sandbox.url}/assets/stacks/app.json` });
    const { TemplateBody } = await cloudFormation(sandbox).send(
      new GetTemplateCommand({ StackName: 'app' }),
    );

    // Assess
    expect(created).toMatchObject({ StackId: expect.stringContaining(':stack/app/') });
    expect(TemplateBody).toBe(TOPIC);
  });

  it('refuses a TemplateURL whose object does not exist', async () => {
    // Act
    const error = await propose({
      TemplateURL: 'https://assets.s3.eu-west-1.amazonaws.com/missing.json',
    });

    // Assess
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: 'S3 error: The specified key does not exist.',
    });
  });

  it('requires CAPABILITY_IAM for IAM resources and CAPABILITY_NAMED_IAM for named ones', async () => {
    // Prepare
    const role = (properties: object) =>
      JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: properties } } });

    // Act
    const unnamed = await propose({ TemplateBody: role({ AssumeRolePolicyDocument: {} }) });
    const named = await propose({
      TemplateBody: role({ RoleName: 'api', AssumeRolePolicyDocument: {} }),
      Capabilities: ['CAPABILITY_IAM'],
    });
    const granted = await propose({
      TemplateBody: role({ RoleName: 'api', AssumeRolePolicyDocument: {} }),
      Capabilities: ['CAPABILITY_NAMED_IAM'],
    });

    // Assess
    expect(unnamed).toMatchObject({
      name: 'InsufficientCapabilitiesException',
      message: 'Requires capabilities : [CAPABILITY_IAM]',
    });
    expect(named).toMatchObject({ message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]' });
    expect(granted).toMatchObject({ Id: expect.stringContaining(':changeSet/initial/') });
  });

  it.each([
    [[], 'Parameters: [Env] must have values'],
    [
      [{ ParameterKey: 'Env', ParameterValue: 'dev' }],
      "Parameter 'Env' must be one of AllowedValues",
    ],
    [
      [
        { ParameterKey: 'Env', ParameterValue: 'prod' },
        { ParameterKey: 'Other', ParameterValue: 'x' },
      ],
      'Parameters: [Other] do not exist in the template',
    ],
  ])('validates the parameters %j', async (parameters, message) => {
    // Prepare
    const template = JSON.stringify({
      Parameters: { Env: { Type: 'String', AllowedValues: ['staging', 'prod'] } },
      Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Env' } } } },
    });

    // Act
    const error = await propose({ TemplateBody: template, Parameters: parameters });

    // Assess
    expect(error).toMatchObject({ name: 'ValidationError', message });
  });

  it('masks NoEcho parameters in the change set', async () => {
    // Prepare
    const template = JSON.stringify({
      Parameters: { Secret: { Type: 'String', NoEcho: true } },
      Resources: { Topic: { Type: 'AWS::SNS::Topic' } },
    });
    const { Id } = (await propose({
      TemplateBody: template,
      Parameters: [{ ParameterKey: 'Secret', ParameterValue: 'hunter2' }],
    })) as { Id: string };

    // Act
    const { Parameters } = await cloudFormation(sandbox).send(
      new DescribeChangeSetCommand({ ChangeSetName: Id }),
    );

    // Assess
    expect(Parameters).toEqual([{ ParameterKey: 'Secret', ParameterValue: '****' }]);
  });

  it('refuses a second change set of the same name with another template', async () => {
    // Prepare
    await propose({ TemplateBody: TOPIC });

    // Act
    const error = await propose({
      TemplateBody: JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue' } } }),
    });

    // Assess
    expect(error).toMatchObject({
      name: 'AlreadyExistsException',
      message:
        'ChangeSet initial cannot be created due to a mismatch with existing attribute Template',
    });
  });

  it('validates a template and names the capability it needs', async () => {
    // Act
    const output = await cloudFormation(sandbox).send(
      new ValidateTemplateCommand({
        TemplateBody: JSON.stringify({
          Description: 'roles',
          Parameters: { Env: { Type: 'String', Default: 'staging' } },
          Resources: { Role: { Type: 'AWS::IAM::Role', Properties: {} } },
        }),
      }),
    );

    // Assess
    expect(output).toMatchObject({
      Description: 'roles',
      Parameters: [{ ParameterKey: 'Env', DefaultValue: 'staging', NoEcho: false }],
      Capabilities: ['CAPABILITY_IAM'],
      CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]',
    });
  });
});
