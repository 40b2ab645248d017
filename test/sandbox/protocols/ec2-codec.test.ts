import {
  AuthorizeSecurityGroupIngressCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { ec2Service } from '../../../sandbox/ec2/service.js';
import {
  decodeEc2Request,
  encodeEc2Error,
  encodeEc2Result,
} from '../../../sandbox/protocols/ec2.js';
import { AwsError } from '../../../sandbox/service.js';
import { CLIENT_CONFIG, fixedResponse } from './fixed-response.js';

/** An EC2 client whose requests are recorded and answered with a fixed response. */
function ec2Client(status: number, body: string) {
  const { handler, bodies } = fixedResponse(status, body);
  return { client: new EC2Client({ ...CLIENT_CONFIG, requestHandler: handler }), bodies };
}

describe('decodeEc2Request', () => {
  it('decodes flattened id lists and filters under their query names', async () => {
    // Prepare
    const { client, bodies } = ec2Client(200, '<DescribeSubnetsResponse/>');
    await client.send(
      new DescribeSubnetsCommand({
        SubnetIds: ['subnet-1', 'subnet-2'],
        Filters: [{ Name: 'vpc-id', Values: ['vpc-1', 'vpc-2'] }],
      }),
    );

    // Act
    const decoded = decodeEc2Request(bodies[0] ?? '');

    // Assess
    expect(decoded).toEqual({
      action: 'DescribeSubnets',
      version: '2016-11-15',
      input: {
        SubnetId: ['subnet-1', 'subnet-2'],
        Filter: [{ Name: 'vpc-id', Value: ['vpc-1', 'vpc-2'] }],
      },
    });
  });

  it('decodes tag specifications as nested lists', async () => {
    // Prepare
    const { client, bodies } = ec2Client(200, '<CreateVpcResponse/>');
    await client.send(
      new CreateVpcCommand({
        CidrBlock: '10.0.0.0/16',
        TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'main' }] }],
      }),
    );

    // Act
    const { input } = decodeEc2Request(bodies[0] ?? '');

    // Assess
    expect(input).toEqual({
      CidrBlock: '10.0.0.0/16',
      TagSpecification: [{ ResourceType: 'vpc', Tag: [{ Key: 'Name', Value: 'main' }] }],
    });
  });

  it('decodes IP permissions with their group pairs and ranges', async () => {
    // Prepare
    const { client, bodies } = ec2Client(200, '<AuthorizeSecurityGroupIngressResponse/>');
    await client.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: 'sg-1',
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 5432,
            ToPort: 5432,
            UserIdGroupPairs: [{ GroupId: 'sg-2', Description: 'app' }],
            IpRanges: [{ CidrIp: '10.0.0.0/16' }],
          },
        ],
      }),
    );

    // Act
    const { input } = decodeEc2Request(bodies[0] ?? '');

    // Assess
    expect(input).toEqual({
      GroupId: 'sg-1',
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: '5432',
          ToPort: '5432',
          Groups: [{ GroupId: 'sg-2', Description: 'app' }],
          IpRanges: [{ CidrIp: '10.0.0.0/16' }],
        },
      ],
    });
  });
});

describe('encodeEc2Result', () => {
  it('writes lowerCamel elements, item lists and tag sets the SDK parses', async () => {
    // Prepare
    const output = {
      Vpcs: [
        {
          VpcId: 'vpc-1',
          CidrBlock: '10.0.0.0/16',
          IsDefault: false,
          Tags: [{ Key: 'Name', Value: 'main' }],
        },
      ],
      NextToken: 'token',
    };
    const xml = encodeEc2Result(ec2Service, 'DescribeVpcs', output, 'req-1');
    const { client } = ec2Client(200, xml);

    // Act
    const parsed = await client.send(new DescribeVpcsCommand({}));

    // Assess
    expect(xml).toContain(
      '<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><vpcSet><item><vpcId>vpc-1</vpcId>',
    );
    expect(parsed.Vpcs).toEqual(output.Vpcs);
    expect(parsed.NextToken).toBe('token');
  });

  it('renames the members EC2 names differently, such as the group description', async () => {
    // Prepare
    const output = {
      SecurityGroups: [
        {
          GroupId: 'sg-1',
          Description: 'database',
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 5432,
              ToPort: 5432,
              UserIdGroupPairs: [{ GroupId: 'sg-2', UserId: '000000000000' }],
              IpRanges: [],
            },
          ],
        },
      ],
    };
    const xml = encodeEc2Result(ec2Service, 'DescribeSecurityGroups', output, 'req-2');
    const { client } = ec2Client(200, xml);

    // Act
    const parsed = await client.send(new DescribeSecurityGroupsCommand({}));

    // Assess
    expect(xml).toContain('<groupDescription>database</groupDescription>');
    expect(parsed.SecurityGroups).toEqual(output.SecurityGroups);
  });
});

describe('encodeEc2Error', () => {
  it('writes a Response/Errors document the SDK raises with its code and message', async () => {
    // Prepare
    const error = new AwsError('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist");
    const xml = encodeEc2Error(error, 'req-3');
    const { client } = ec2Client(400, xml);

    // Act
    const caught = await client
      .send(new DescribeVpcsCommand({ VpcIds: ['vpc-1'] }))
      .catch((e: unknown) => e);

    // Assess
    expect(xml).toContain('<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code>');
    expect(xml).toContain('<RequestID>req-3</RequestID></Response>');
    expect(caught).toMatchObject({
      name: 'InvalidVpcID.NotFound',
      message: "The vpc ID 'vpc-1' does not exist",
      $metadata: { httpStatusCode: 400 },
    });
  });
});
