import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { App } from 'aws-cdk-lib/core';
import { inlineTemplateSynthesizer } from '../../stacks/inline-template-synthesizer.js';
import { PlatformStack } from '../../stacks/platform-stack.js';
import { manifest, platform, resources } from './platform-fixtures.js';

type Built = ReturnType<typeof platform>;

/** Logical id of the one security group a resource of `type` uses. */
function groupOf(
  template: Built['template'],
  type: string,
  pick: (p: Record<string, unknown>) => unknown,
) {
  const refs = Object.values(resources(template, type)).map((r) =>
    JSON.stringify(pick(r.Properties)),
  );
  const ids = new Set(refs.map((r) => /"Fn::GetAtt":\["([^"]+)","GroupId"\]/.exec(r)?.[1]));
  expect(ids.size).toBe(1);
  return [...ids][0] as string;
}

/** Every ingress rule of the template, inline or standalone, as `group <- source:port`. */
function ingressRules(template: Built['template']): string[] {
  const source = (rule: Record<string, unknown>) =>
    typeof rule.CidrIp === 'string'
      ? rule.CidrIp
      : /"Fn::GetAtt":\["([^"]+)"/.exec(JSON.stringify(rule.SourceSecurityGroupId))?.[1];
  const rule = (group: string, r: Record<string, unknown>) =>
    `${group} <- ${source(r)} ${r.IpProtocol}:${r.FromPort}-${r.ToPort}`;
  const inline = Object.entries(resources(template, 'AWS::EC2::SecurityGroup')).flatMap(([id, g]) =>
    ((g.Properties.SecurityGroupIngress ?? []) as Record<string, unknown>[]).map((r) =>
      rule(id, r),
    ),
  );
  const standalone = Object.values(resources(template, 'AWS::EC2::SecurityGroupIngress')).map((r) =>
    rule(
      /"Fn::GetAtt":\["([^"]+)"/.exec(JSON.stringify(r.Properties.GroupId))?.[1] ?? '?',
      r.Properties,
    ),
  );
  return [...inline, ...standalone].sort();
}

function chain(template: Built['template']) {
  return {
    lb: groupOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', (p) => p.SecurityGroups),
    service: groupOf(template, 'AWS::ECS::Service', (p) => p.NetworkConfiguration),
    db: groupOf(template, 'AWS::RDS::DBInstance', (p) => p.VPCSecurityGroups),
  };
}

describe('Network', () => {
  it('builds the VPC from the manifest CIDR with public, private and isolated subnets per zone', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.30.0.0/16' });
    const subnets = Object.entries(resources(template, 'AWS::EC2::Subnet')).map(
      ([id, s]) => `${/^NetworkVpc([a-z]+)Subnet/.exec(id)?.[1]} ${s.Properties.AvailabilityZone}`,
    );
    expect(subnets.sort()).toEqual(
      ['isolated', 'private', 'public'].flatMap((g) =>
        ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'].map((az) => `${g} ${az}`),
      ),
    );
  });

  it.each([
    ['prod', 3],
    ['dev', 1],
  ] as const)('gives %s the declared %i NAT gateway(s)', (env, count) => {
    // Prepare
    const desired = manifest(env);
    // Act
    const { template } = platform(desired);
    // Assess
    template.resourceCountIs('AWS::EC2::NatGateway', count);
  });

  it('makes the private subnets isolated when no NAT gateway is declared', () => {
    // Prepare
    const desired = manifest('dev', ['  natGateways: 1', '  natGateways: 0']);
    // Act
    const { template } = platform(desired);
    // Assess
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    const defaultRoutes = Object.keys(resources(template, 'AWS::EC2::Route'));
    expect(defaultRoutes.every((id) => id.startsWith('NetworkVpcpublic'))).toBe(true);
  });

  it('opens exactly the chain: listeners to anyone, service port to the LB, 5432 to the services', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    const { lb, service, db } = chain(template);
    expect(ingressRules(template)).toEqual(
      [
        `${lb} <- 0.0.0.0/0 tcp:443-443`,
        `${lb} <- 0.0.0.0/0 tcp:80-80`,
        `${service} <- ${lb} tcp:8080-8080`,
        `${db} <- ${service} tcp:5432-5432`,
      ].sort(),
    );
  });

  it('opens the listeners of an internal load balancer to the VPC only', () => {
    // Prepare
    const desired = manifest('dev', ['  scheme: internet-facing', '  scheme: internal']);
    // Act
    const { template } = platform(desired);
    // Assess
    const { lb } = chain(template);
    expect(ingressRules(template).filter((r) => r.startsWith(lb))).toEqual([
      `${lb} <- 10.10.0.0/16 tcp:80-80`,
    ]);
  });

  it('lets the load balancer out only to the service port and the database out nowhere', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    const { lb, service, db } = chain(template);
    const groups = resources(template, 'AWS::EC2::SecurityGroup');
    const egress = Object.values(resources(template, 'AWS::EC2::SecurityGroupEgress')).map((r) =>
      JSON.stringify([
        r.Properties.GroupId,
        r.Properties.DestinationSecurityGroupId,
        r.Properties.FromPort,
        r.Properties.ToPort,
      ]),
    );
    expect(egress).toEqual([
      JSON.stringify([
        { 'Fn::GetAtt': [lb, 'GroupId'] },
        { 'Fn::GetAtt': [service, 'GroupId'] },
        8080,
        8080,
      ]),
    ]);
    // CDK's placeholder for "no egress": a rule no packet can match.
    expect(groups[db]?.Properties.SecurityGroupEgress).toEqual([
      {
        CidrIp: '255.255.255.255/32',
        Description: 'Disallow all traffic',
        FromPort: 252,
        IpProtocol: 'icmp',
        ToPort: 86,
      },
    ]);
    expect(groups[lb]?.Properties.SecurityGroupEgress).toBeUndefined();
  });

  it('adds no custom resource to restrict the default security group, even with the flag on', () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'plumbline-network-test-'));
    const app = new App({
      outdir,
      builtinCloudFormationValidation: false,
      context: { '@aws-cdk/aws-ec2:restrictDefaultSecurityGroup': true },
    });
    // Act
    const stack = new PlatformStack(app, 'plumbline-dev', {
      desired: manifest('dev'),
      synthesizer: inlineTemplateSynthesizer(),
    });
    const template = Template.fromStack(stack);
    rmSync(outdir, { recursive: true, force: true });
    // Assess
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });
});
