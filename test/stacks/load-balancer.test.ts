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

  it('listens on each declared port and forwards to the declared target group', () => {
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
        DefaultActions: [{ Type: 'forward', TargetGroupArn: group }],
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
        DefaultActions: [{ Type: 'forward', TargetGroupArn: group }],
      }),
    ]);
    expect(listeners[0]).not.toHaveProperty('Certificates');
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
