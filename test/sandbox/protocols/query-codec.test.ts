import {
  CreateListenerCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  LoadBalancerNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AddTagsToResourceCommand,
  CreateDBInstanceCommand,
  DBInstanceNotFoundFault,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { elbv2Service } from '../../../sandbox/elbv2/service.js';
import {
  decodeQueryRequest,
  encodeQueryError,
  encodeQueryResult,
} from '../../../sandbox/protocols/query.js';
import { rdsService } from '../../../sandbox/rds/service.js';
import { AwsError } from '../../../sandbox/service.js';
import { CLIENT_CONFIG, fixedResponse } from './fixed-response.js';

function rdsClient(status: number, body: string) {
  const { handler, bodies } = fixedResponse(status, body);
  return { client: new RDSClient({ ...CLIENT_CONFIG, requestHandler: handler }), bodies };
}

function elbv2Client(status: number, body: string) {
  const { handler, bodies } = fixedResponse(status, body);
  return {
    client: new ElasticLoadBalancingV2Client({ ...CLIENT_CONFIG, requestHandler: handler }),
    bodies,
  };
}

describe('decodeQueryRequest', () => {
  it('turns RDS lists named after their members into arrays', async () => {
    // Prepare
    const { client, bodies } = rdsClient(200, '<DescribeDBInstancesResponse/>');
    await client.send(
      new DescribeDBInstancesCommand({
        Filters: [
          { Name: 'db-instance-id', Values: ['a', 'b'] },
          { Name: 'engine', Values: ['postgres'] },
        ],
        MaxRecords: 20,
      }),
    );

    // Act
    const decoded = decodeQueryRequest(bodies[0] ?? '');

    // Assess
    expect(decoded).toEqual({
      action: 'DescribeDBInstances',
      version: '2014-10-31',
      input: {
        Filters: [
          { Name: 'db-instance-id', Values: ['a', 'b'] },
          { Name: 'engine', Values: ['postgres'] },
        ],
        MaxRecords: '20',
      },
    });
  });

  it('decodes the tags, security group ids and scalars of CreateDBInstance', async () => {
    // Prepare
    const { client, bodies } = rdsClient(200, '<CreateDBInstanceResponse/>');
    await client.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'db',
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        MultiAZ: true,
        AllocatedStorage: 100,
        VpcSecurityGroupIds: ['sg-1', 'sg-2'],
        Tags: [
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'a&b c+d' },
        ],
      }),
    );

    // Act
    const { input } = decodeQueryRequest(bodies[0] ?? '');

    // Assess
    expect(input).toEqual({
      DBInstanceIdentifier: 'db',
      DBInstanceClass: 'db.t3.micro',
      Engine: 'postgres',
      MultiAZ: 'true',
      AllocatedStorage: '100',
      VpcSecurityGroupIds: ['sg-1', 'sg-2'],
      Tags: [
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: 'a&b c+d' },
      ],
    });
  });

  it('keeps an empty list, which the SDK sends as an empty value, as the empty string', async () => {
    // Prepare
    const { client, bodies } = rdsClient(200, '<ModifyDBInstanceResponse/>');
    await client.send(
      new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'db', VpcSecurityGroupIds: [] }),
    );

    // Act
    const { input } = decodeQueryRequest(bodies[0] ?? '');

    // Assess
    expect(input).toEqual({ DBInstanceIdentifier: 'db', VpcSecurityGroupIds: '' });
  });

  it('turns ELBv2 member lists, nested structures and maps into their SDK input shape', async () => {
    // Prepare
    const { client, bodies } = elbv2Client(200, '<CreateListenerResponse/>');
    await client.send(
      new CreateListenerCommand({
        LoadBalancerArn: 'arn:lb',
        Port: 443,
        Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: 'arn:cert' }],
        DefaultActions: [
          {
            Type: 'authenticate-oidc',
            Order: 1,
            AuthenticateOidcConfig: {
              Issuer: 'https://issuer',
              AuthorizationEndpoint: 'https://auth',
              TokenEndpoint: 'https://token',
              UserInfoEndpoint: 'https://user',
              ClientId: 'client',
              AuthenticationRequestExtraParams: { prompt: 'login', display: 'page' },
            },
          },
          {
            Type: 'forward',
            Order: 2,
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: 'arn:tg1', Weight: 3 },
                { TargetGroupArn: 'arn:tg2', Weight: 1 },
              ],
            },
          },
        ],
      }),
    );

    // Act
    const { input } = decodeQueryRequest(bodies[0] ?? '');

    // Assess
    expect(input).toEqual({
      LoadBalancerArn: 'arn:lb',
      Port: '443',
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: 'arn:cert' }],
      DefaultActions: [
        {
          Type: 'authenticate-oidc',
          Order: '1',
          AuthenticateOidcConfig: {
            Issuer: 'https://issuer',
            AuthorizationEndpoint: 'https://auth',
            TokenEndpoint: 'https://token',
            UserInfoEndpoint: 'https://user',
            ClientId: 'client',
            AuthenticationRequestExtraParams: { prompt: 'login', display: 'page' },
          },
        },
        {
          Type: 'forward',
          Order: '2',
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: 'arn:tg1', Weight: '3' },
              { TargetGroupArn: 'arn:tg2', Weight: '1' },
            ],
          },
        },
      ],
    });
  });

  it('orders list items by index, reads + as a space, and ignores prototype keys', () => {
    // Prepare
    const body =
      'Action=DescribeLoadBalancers&Version=2015-12-01&Names.member.2=second&Names.member.1=first+name' +
      '&__proto__.polluted=yes&Marker=a%2Bb';

    // Act
    const decoded = decodeQueryRequest(body);

    // Assess
    expect(decoded.input).toEqual({ Names: ['first name', 'second'], Marker: 'a+b' });
    expect(Object.getPrototypeOf(decoded.input)).toBe(Object.prototype);
    expect(decoded.input.polluted).toBeUndefined();
  });

  it('answers an empty action when the body names none', () => {
    // Act
    const decoded = decodeQueryRequest('Version=2015-12-01');

    // Assess
    expect(decoded).toEqual({ action: '', version: '2015-12-01', input: {} });
  });
});

describe('encodeQueryResult', () => {
  it('writes a response the SDK parses, with RDS list item names and escaped text', async () => {
    // Prepare
    const output = {
      DBInstances: [
        {
          DBInstanceIdentifier: 'db',
          AllocatedStorage: 100,
          MultiAZ: true,
          InstanceCreateTime: '2026-01-02T03:04:05.000Z',
          VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-1', Status: 'active' }],
          TagList: [{ Key: 'owner', Value: '<a & b>' }],
        },
      ],
      Marker: 'next',
    };
    const xml = encodeQueryResult(rdsService, 'DescribeDBInstances', output, 'req-1');
    const { client } = rdsClient(200, xml);

    // Act
    const parsed = await client.send(new DescribeDBInstancesCommand({}));

    // Assess
    expect(xml).toContain(
      '<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><DescribeDBInstancesResult>',
    );
    expect(xml).toContain('<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>');
    expect(parsed.Marker).toBe('next');
    expect(parsed.DBInstances).toEqual([
      {
        DBInstanceIdentifier: 'db',
        AllocatedStorage: 100,
        MultiAZ: true,
        InstanceCreateTime: new Date('2026-01-02T03:04:05.000Z'),
        VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-1', Status: 'active' }],
        TagList: [{ Key: 'owner', Value: '<a & b>' }],
      },
    ]);
  });

  it('leaves out the result element of an operation without output', async () => {
    // Prepare
    const xml = encodeQueryResult(rdsService, 'AddTagsToResource', undefined, 'req-2');
    const { client } = rdsClient(200, xml);

    // Act
    const parsed = await client.send(
      new AddTagsToResourceCommand({ ResourceName: 'arn', Tags: [] }),
    );

    // Assess
    expect(xml).not.toContain('AddTagsToResourceResult');
    expect(parsed.$metadata.httpStatusCode).toBe(200);
  });
});

describe('encodeQueryError', () => {
  it('writes an ErrorResponse the SDK raises as the typed RDS fault', async () => {
    // Prepare
    const error = new AwsError('DBInstanceNotFound', 'DBInstance db not found.', 404);
    const { client } = rdsClient(404, encodeQueryError(error, 'req-3'));

    // Act
    const caught = await client
      .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'db' }))
      .catch((e: unknown) => e);

    // Assess
    expect(caught).toBeInstanceOf(DBInstanceNotFoundFault);
    expect(caught).toMatchObject({
      name: 'DBInstanceNotFoundFault',
      message: 'DBInstance db not found.',
      $fault: 'client',
      Error: { Type: 'Sender', Code: 'DBInstanceNotFound' },
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('writes an ErrorResponse the SDK raises as the typed ELBv2 exception', async () => {
    // Prepare
    const error = new AwsError('LoadBalancerNotFound', 'One or more load balancers not found');
    const { client } = elbv2Client(400, encodeQueryError(error, 'req-4'));

    // Act
    const caught = await client
      .send(new DescribeLoadBalancersCommand({ Names: ['x'] }))
      .catch((e: unknown) => e);

    // Assess
    expect(caught).toBeInstanceOf(LoadBalancerNotFoundException);
    expect(caught).toMatchObject({ message: 'One or more load balancers not found' });
  });

  it('marks server-side errors as Receiver faults', () => {
    // Act
    const xml = encodeQueryError(new AwsError('InternalFailure', 'boom', 500), 'req-5');

    // Assess
    expect(xml).toBe(
      '<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>boom</Message></Error>' +
        '<RequestId>req-5</RequestId></ErrorResponse>',
    );
  });
});

describe('ELBv2 rendering', () => {
  it('wraps list items in member elements', () => {
    // Act
    const xml = encodeQueryResult(
      elbv2Service,
      'DescribeTags',
      { TagDescriptions: [{ ResourceArn: 'arn', Tags: [{ Key: 'k', Value: 'v' }] }] },
      'req-6',
    );

    // Assess
    expect(xml).toContain(
      '<TagDescriptions><member><ResourceArn>arn</ResourceArn><Tags><member><Key>k</Key><Value>v</Value></member></Tags></member></TagDescriptions>',
    );
  });
});
