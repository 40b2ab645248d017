import { Match } from 'aws-cdk-lib/assertions';
import { manifest, platform, resources } from './platform-fixtures.js';

function subnetRefs(template: ReturnType<typeof platform>['template'], group: string) {
  return Object.keys(resources(template, 'AWS::EC2::Subnet'))
    .filter((id) => id.startsWith(`NetworkVpc${group}Subnet`))
    .sort()
    .map((id) => ({ Ref: id }));
}

describe('PlatformLoadBalancer', () => {
  it('puts an internet-facing load balancer in the public subnets with the declared idle timeout', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Name: 'prod-alb',
      Type: 'application',
      Scheme: 'internet-facing',
      Subnets: subnetRefs(template, 'public'),
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'idle_timeout.timeout_seconds', Value: '60' },
      ]),
    });
  });

  it('leaves the idle timeout at the AWS default when the manifest declares none', () => {
    // Prepare
    const desired = manifest('dev');
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Name: 'dev-alb',
      LoadBalancerAttributes: Match.not(
        Match.arrayWith([Match.objectLike({ Key: 'idle_timeout.timeout_seconds' })]),
      ),
    });
  });

  it('puts an internal load balancer in the private subnets', () => {
    // Prepare
    const desired = manifest('dev', ['  scheme: internet-facing', '  scheme: internal']);
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: subnetRefs(template, 'private'),
    });
  });

  it('creates the declared IP target group with its health check and deregistration delay', () => {
    // Prepare
    const desired = manifest('dev');
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Name: 'dev-api',
      TargetType: 'ip',
      Protocol: 'HTTP',
      Port: 8080,
      HealthCheckPath: '/health',
      HealthCheckPort: 'traffic-port',
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      Matcher: { HttpCode: '200' },
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'deregistration_delay.timeout_seconds', Value: '10' },
      ]),
    });
  });

  it('follows a changed health check path, matcher and port', () => {
    // Prepare
    const desired = manifest(
      'dev',
      ['        path: /health', '        path: /ready\n        port: 9090'],
      ['        matcher: "200"', '        matcher: "200-299"'],
    );
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/ready',
      HealthCheckPort: '9090',
      Matcher: { HttpCode: '200-299' },
    });
  });

  it('forwards HTTPS to the declared target group with the declared policy and redirects HTTP to it', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    const group = {
      Ref: Object.keys(resources(template, 'AWS::ElasticLoadBalancingV2::TargetGroup'))[0],
    };
    const listeners = Object.values(resources(template, 'AWS::ElasticLoadBalancingV2::Listener'))
      .map((l) => l.Properties)
      .sort((a, b) => Number(a.Port) - Number(b.Port));
    expect(listeners).toEqual([
      expect.objectContaining({
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [
          {
            Type: 'redirect',
            RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
          },
        ],
      }),
      expect.objectContaining({
        Port: 443,
        Protocol: 'HTTPS',
        Certificates: [
          {
            CertificateArn:
              'arn:aws:acm:eu-west-1:222222222222:certificate/9a7d3c52-81e4-4f0b-b6a2-5e3f1c8d9b40',
          },
        ],
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: group }],
      }),
    ]);
    expect(listeners[0]).not.toHaveProperty('Certificates');
    expect(listeners[0]).not.toHaveProperty('SslPolicy');
  });

  it('forwards a plain HTTP listener that declares forward', () => {
    // Prepare
    const desired = manifest('dev');
    // Act
    const { template } = platform(desired);
    // Assess
    const group = {
      Ref: Object.keys(resources(template, 'AWS::ElasticLoadBalancingV2::TargetGroup'))[0],
    };
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: group }],
      SslPolicy: Match.absent(),
    });
  });

  it.each([
    [
      'the policy it declares',
      '      sslPolicy: ELBSecurityPolicy-TLS13-1-3-2021-06\n',
      'ELBSecurityPolicy-TLS13-1-3-2021-06',
    ],
    [
      'the TLS 1.3/1.2 default policy when it declares none',
      '',
      'ELBSecurityPolicy-TLS13-1-2-2021-06',
    ],
  ])('gives an HTTPS listener %s', (_, line, policy) => {
    // Prepare
    const desired = manifest('staging', [
      '      sslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06 # TLS 1.3 and 1.2 only\n',
      line,
    ]);
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      SslPolicy: policy,
    });
  });

  it('redirects temporarily when the manifest declares HTTP_302', () => {
    // Prepare
    const desired = manifest('staging', [
      '        statusCode: HTTP_301',
      '        statusCode: HTTP_302',
    ]);
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [
        {
          Type: 'redirect',
          RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_302' },
        },
      ],
    });
  });

  it('turns on deletion protection, invalid-header dropping and access logs to its own bucket in prod', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    const [bucket] = Object.keys(resources(template, 'AWS::S3::Bucket'));
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Name: 'prod-alb',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { Ref: bucket } },
      ]),
    });
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      },
      Metadata: { 'plumbline:path': 'loadBalancer.accessLogs' },
    });
    // eu-west-1's ELB account delivers the logs.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:PutObject',
            Effect: 'Allow',
            Principal: {
              AWS: {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::156460612806:root']],
              },
            },
          }),
        ]),
      },
    });
  });

  it('keeps deletion protection and access logs off and drops invalid headers where the manifest says so', () => {
    // Prepare
    const desired = manifest('dev');
    // Act
    const { template } = platform(desired);
    // Assess
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Name: 'dev-alb',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'false' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
      ]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.not(
        Match.arrayWith([Match.objectLike({ Key: 'access_logs.s3.enabled' })]),
      ),
    });
  });

  it('lets invalid header fields through when the manifest turns dropping off', () => {
    // Prepare
    const desired = manifest('dev', [
      '  scheme: internet-facing\n',
      '  scheme: internet-facing\n  dropInvalidHeaderFields: false\n',
    ]);
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'false' },
      ]),
    });
  });

  it('builds no load balancer for a manifest without one', () => {
    // Prepare
    const { loadBalancer: _, ...desired } = manifest('dev');
    // Act
    const { template } = platform(desired);
    // Assess
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 0);
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'dev-api',
      LoadBalancers: Match.absent(),
    });
  });
});
