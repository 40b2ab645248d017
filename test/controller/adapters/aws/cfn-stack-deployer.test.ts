import {
  CloudFormationClient,
  CloudFormationServiceException,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CfnStackDeployer,
  TEMPLATE_BODY_LIMIT,
} from '../../../../controller/adapters/aws/cfn-stack-deployer.js';
import { StackNeedsAttentionError } from '../../../../controller/model/errors.js';

const cfn = mockClient(CloudFormationClient);
const s3 = mockClient(S3Client);
const notFound = () =>
  new CloudFormationServiceException({
    name: 'ValidationError',
    $fault: 'client',
    $metadata: {},
    message: 'Stack with id plumbline-dev does not exist',
  });

function deployer(withBucket = false) {
  return new CfnStackDeployer({
    cloudformation: new CloudFormationClient({ region: 'eu-west-1' }),
    ...(withBucket
      ? {
          templates: {
            s3: new S3Client({ region: 'eu-west-1' }),
            bucket: 'plumbline-templates',
            region: 'eu-west-1',
          },
        }
      : {}),
  });
}

const template = (bytes: number) => ({
  stackName: 'plumbline-dev',
  body: 'x'.repeat(bytes),
  bytes,
});

afterEach(() => {
  cfn.reset();
  s3.reset();
});

describe('CfnStackDeployer', () => {
  it('creates a CREATE change set with the template inline when the stack does not exist', async () => {
    // Prepare
    cfn.on(DescribeStacksCommand).rejects(notFound());
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'arn:cs/1', StackId: 'arn:stack/1' });
    // Act
    const ref = await deployer().createChangeSet(template(100), {
      name: 'plumbline-main-1',
      tags: { 'plumbline:environment': 'dev' },
    });
    // Assess
    expect(ref).toEqual({ id: 'arn:cs/1', stackName: 'plumbline-dev', type: 'CREATE' });
    expect(cfn).toHaveReceivedCommandWith(CreateChangeSetCommand, {
      StackName: 'plumbline-dev',
      ChangeSetName: 'plumbline-main-1',
      ChangeSetType: 'CREATE',
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      TemplateBody: 'x'.repeat(100),
      Tags: [{ Key: 'plumbline:environment', Value: 'dev' }],
    });
  });

  it('creates an UPDATE change set for an existing stack', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        { StackName: 'plumbline-dev', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() },
      ],
    });
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'arn:cs/2' });
    const ref = await deployer().createChangeSet(template(10), { name: 'n' });
    expect(ref.type).toBe('UPDATE');
  });

  it('uploads a template over the inline limit to S3 and passes its TemplateURL', async () => {
    cfn.on(DescribeStacksCommand).rejects(notFound());
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'arn:cs/3' });
    s3.on(PutObjectCommand).resolves({});

    await deployer(true).createChangeSet(template(TEMPLATE_BODY_LIMIT + 1), { name: 'n' });

    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'plumbline-templates',
      ContentType: 'application/json',
    });
    const input = cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    expect(input?.TemplateBody).toBeUndefined();
    expect(input?.TemplateURL).toMatch(
      /^https:\/\/plumbline-templates\.s3\.eu-west-1\.amazonaws\.com\/templates\/plumbline-dev\/[0-9a-f]{64}\.json$/,
    );
  });

  it('refuses a template over the inline limit without a bucket, before any write', async () => {
    cfn.on(DescribeStacksCommand).rejects(notFound());
    await expect(
      deployer().createChangeSet(template(TEMPLATE_BODY_LIMIT + 1), { name: 'n' }),
    ).rejects.toThrow(
      "template of plumbline-dev is 51201 bytes, over CloudFormation's 51200-byte inline limit, and no template bucket is configured",
    );
    expect(cfn).not.toHaveReceivedCommand(CreateChangeSetCommand);
  });

  it('refuses a stack whose creation was rolled back', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'plumbline-dev',
          StackStatus: 'ROLLBACK_COMPLETE',
          CreationTime: new Date(),
        },
      ],
    });
    await expect(deployer().createChangeSet(template(10), { name: 'n' })).rejects.toBeInstanceOf(
      StackNeedsAttentionError,
    );
    expect(cfn).not.toHaveReceivedCommand(CreateChangeSetCommand);
  });

  it('reports a change set still being computed as pending', async () => {
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_IN_PROGRESS' });
    const ref = { id: 'arn:cs/1', stackName: 'plumbline-dev', type: 'UPDATE' } as const;

    expect(await deployer().describeChangeSet(ref)).toEqual({ status: 'pending' });
    expect(cfn).toHaveReceivedCommandTimes(DescribeChangeSetCommand, 1);
  });

  it("maps a computed change set's changes across pages", async () => {
    cfn
      .on(DescribeChangeSetCommand)
      .resolvesOnce({
        Status: 'CREATE_COMPLETE',
        NextToken: 't2',
        Changes: [
          {
            Type: 'Resource',
            ResourceChange: {
              Action: 'Modify',
              LogicalResourceId: 'Db',
              PhysicalResourceId: 'dev-postgres',
              ResourceType: 'AWS::RDS::DBInstance',
              Replacement: 'True',
              Details: [
                {
                  Target: { Attribute: 'Properties', Name: 'Engine', RequiresRecreation: 'Always' },
                  Evaluation: 'Static',
                },
              ],
            },
          },
        ],
      })
      .resolvesOnce({
        Status: 'CREATE_COMPLETE',
        Changes: [
          {
            Type: 'Resource',
            ResourceChange: {
              Action: 'Add',
              LogicalResourceId: 'Queue',
              ResourceType: 'AWS::SQS::Queue',
            },
          },
        ],
      });

    const described = await deployer().describeChangeSet({
      id: 'arn:cs/1',
      stackName: 'plumbline-dev',
      type: 'UPDATE',
    });

    expect(described).toEqual({
      status: 'ready',
      changes: [
        {
          action: 'Modify',
          logicalId: 'Db',
          physicalId: 'dev-postgres',
          resourceType: 'AWS::RDS::DBInstance',
          replacement: 'True',
          details: [{ attribute: 'Properties', name: 'Engine', requiresRecreation: 'Always' }],
        },
        { action: 'Add', logicalId: 'Queue', resourceType: 'AWS::SQS::Queue', details: [] },
      ],
    });
    expect(cfn).toHaveReceivedCommandWith(DescribeChangeSetCommand, {
      ChangeSetName: 'arn:cs/1',
      NextToken: 't2',
    });
  });

  it('reports a change set without changes as empty', async () => {
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    const described = await deployer().describeChangeSet({
      id: 'arn:cs/1',
      stackName: 'plumbline-dev',
      type: 'UPDATE',
    });
    expect(described.status).toBe('empty');
  });

  it('executes by change set id and reads a missing stack as undefined', async () => {
    cfn.on(ExecuteChangeSetCommand).resolves({});
    cfn.on(DescribeStacksCommand).rejects(notFound());
    const d = deployer();
    await d.executeChangeSet({ id: 'arn:cs/1', stackName: 'plumbline-dev', type: 'UPDATE' });
    expect(cfn).toHaveReceivedCommandWith(ExecuteChangeSetCommand, {
      ChangeSetName: 'arn:cs/1',
      StackName: 'plumbline-dev',
    });
    expect(await d.status('plumbline-dev')).toBeUndefined();
  });

  it('names the CloudFormation execution role on the change set when given one', async () => {
    // Prepare
    cfn.on(DescribeStacksCommand).rejects(notFound());
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'arn:cs/4' });
    const withRole = new CfnStackDeployer({
      cloudformation: new CloudFormationClient({ region: 'eu-west-1' }),
      executionRoleArn: 'arn:aws:iam::000000000000:role/plumbline-cfn-exec',
    });
    // Act
    await withRole.createChangeSet(template(10), { name: 'n' });
    await deployer().createChangeSet(template(10), { name: 'm' });
    // Assess
    const inputs = cfn.commandCalls(CreateChangeSetCommand).map((c) => c.args[0].input.RoleARN);
    expect(inputs).toEqual(['arn:aws:iam::000000000000:role/plumbline-cfn-exec', undefined]);
  });

  it.each([
    ['AVAILABLE', 'not-executed'],
    ['EXECUTE_IN_PROGRESS', 'executed'],
    ['EXECUTE_COMPLETE', 'executed'],
    ['EXECUTE_FAILED', 'executed'],
  ] as const)('reads a change set whose execution status is %s as %s', async (status, expected) => {
    cfn.on(DescribeChangeSetCommand).resolves({ ExecutionStatus: status });
    const ref = { id: 'arn:cs/5', stackName: 'plumbline-dev', type: 'UPDATE' } as const;
    expect(await deployer().execution(ref)).toBe(expected);
  });

  it.each([
    ['arn:cs/6', 'executed'],
    ['arn:cs/other', 'unknown'],
  ] as const)(
    'reads a change set that is gone by the stack’s last change set (%s: %s)',
    async (last, expected) => {
      cfn.on(DescribeChangeSetCommand).rejects(
        new CloudFormationServiceException({
          name: 'ChangeSetNotFoundException',
          $fault: 'client',
          $metadata: {},
          message: 'ChangeSet [arn:cs/6] does not exist',
        }),
      );
      cfn.on(DescribeStacksCommand).resolves({
        Stacks: [
          {
            StackName: 'plumbline-dev',
            StackStatus: 'UPDATE_IN_PROGRESS',
            CreationTime: new Date(),
            ChangeSetId: last,
          },
        ],
      });
      const ref = { id: 'arn:cs/6', stackName: 'plumbline-dev', type: 'UPDATE' } as const;
      expect(await deployer().execution(ref)).toBe(expected);
    },
  );

  it('reads the manifest paths recorded in the deployed template', async () => {
    cfn.on(GetTemplateCommand).resolves({
      TemplateBody: JSON.stringify({
        Resources: {
          Db: { Type: 'AWS::RDS::DBInstance', Metadata: { 'plumbline:path': 'database' } },
          Other: { Type: 'X' },
        },
      }),
    });
    expect(await deployer().deployedPaths('plumbline-dev')).toEqual({ Db: ['database'] });
  });
});
