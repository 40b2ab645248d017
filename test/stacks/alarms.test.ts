import {
  FALLBACK_MAX_CONNECTIONS,
  postgresMaxConnections,
} from '../../stacks/constructs/postgres-connections.js';
import { manifest, platform, resources } from './platform-fixtures.js';

const topic = (p: string) => `arn:aws:sns:eu-west-1:222222222222:plumbline-alerts-${p}`;

interface AlarmView {
  description: string;
  namespace: string;
  metric: string;
  statistic: string;
  period: number;
  evaluation: string;
  condition: string;
  actions: unknown;
  ok: unknown;
}

/** Alarms of a template, reduced to what the manifest and the alert tiers decide. */
function alarms(template: ReturnType<typeof platform>['template']): AlarmView[] {
  const op: Record<string, string> = {
    GreaterThanThreshold: '>',
    GreaterThanOrEqualToThreshold: '>=',
  };
  return Object.values(resources(template, 'AWS::CloudWatch::Alarm')).map(({ Properties: p }) => ({
    description: String(p.AlarmDescription),
    namespace: String(p.Namespace),
    metric: String(p.MetricName),
    statistic: String(p.ExtendedStatistic ?? p.Statistic),
    period: Number(p.Period),
    evaluation: `${p.DatapointsToAlarm ?? p.EvaluationPeriods}/${p.EvaluationPeriods}`,
    condition: `${op[String(p.ComparisonOperator)]} ${p.Threshold}`,
    actions: p.AlarmActions,
    ok: p.OKActions,
  }));
}

describe('ServiceAlarms and DatabaseAlarms', () => {
  it('alarm on the declared thresholds and notify the topic of their priority', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    const row = (a: AlarmView) =>
      `${a.description.slice(0, 4)} ${a.namespace} ${a.metric} ${a.statistic}/${a.period}s ${a.evaluation} ${a.condition}`;
    expect(alarms(template).map(row).sort()).toEqual(
      [
        '[P1] AWS/ApplicationELB TargetResponseTime p99/60s 3/5 > 1',
        '[P0] AWS/ApplicationELB UnHealthyHostCount Maximum/60s 2/2 >= 1',
        '[P2] AWS/ApplicationELB HTTPCode_Target_4XX_Count Sum/300s 1/1 > 50',
        '[P0] AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum/60s 1/1 > 5',
        '[P1] AWS/ECS CPUUtilization Average/300s 3/3 > 70',
        '[P1] AWS/ECS MemoryUtilization Average/300s 3/3 > 80',
        '[P1] AWS/ECS CPUUtilization Average/300s 3/3 > 70',
        '[P1] AWS/ECS MemoryUtilization Average/300s 3/3 > 80',
        '[P1] AWS/RDS CPUUtilization Average/300s 3/3 > 80',
        '[P1] AWS/RDS DatabaseConnections Maximum/300s 2/2 > 180',
      ].sort(),
    );
    for (const a of alarms(template)) {
      const priority = a.description.slice(1, 3).toLowerCase();
      expect([a.actions, a.ok]).toEqual([[topic(priority)], [topic(priority)]]);
    }
  });

  it('name the service or database they watch in the description', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    const subjects = alarms(template).map((a) => /^\[P\d\] ([^:]+):/.exec(a.description)?.[1]);
    expect(subjects.sort()).toEqual([
      ...Array(6).fill('prod-api'),
      ...Array(2).fill('prod-postgres'),
      ...Array(2).fill('prod-worker'),
    ]);
  });

  it('watch the load balancer metrics of the service’s own target group', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = platform(desired);
    // Assess
    const [lb] = Object.keys(resources(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer'));
    const [tg] = Object.keys(resources(template, 'AWS::ElasticLoadBalancingV2::TargetGroup'));
    const elb = Object.values(resources(template, 'AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.Namespace === 'AWS/ApplicationELB',
    );
    expect(elb).toHaveLength(4);
    for (const a of elb) {
      expect(a.Properties.Dimensions).toEqual([
        { Name: 'LoadBalancer', Value: { 'Fn::GetAtt': [lb, 'LoadBalancerFullName'] } },
        { Name: 'TargetGroup', Value: { 'Fn::GetAtt': [tg, 'TargetGroupFullName'] } },
      ]);
    }
  });

  it('notify the topics given in props instead of the defaults', () => {
    // Prepare
    const desired = manifest('prod');
    const pager = 'arn:aws:sns:eu-west-1:222222222222:pager';
    // Act
    const { template } = platform(desired, { alarmTopicArns: { P0: pager } });
    // Assess
    const byMetric = (m: string) => alarms(template).find((a) => a.metric === m)?.actions;
    expect(byMetric('HTTPCode_Target_5XX_Count')).toEqual([pager]);
    expect(byMetric('UnHealthyHostCount')).toEqual([pager]);
    expect(byMetric('HTTPCode_Target_4XX_Count')).toEqual([topic('p2')]);
  });

  it('set the connections threshold to 80 % of the instance class’s max_connections', () => {
    // Prepare
    const staging = manifest('staging');
    // Act
    const { template } = platform(staging);
    // Assess
    const connections = alarms(template).find((a) => a.metric === 'DatabaseConnections');
    expect(connections?.condition).toBe('> 89');
    expect(connections?.description).toBe(
      '[P1] staging-postgres: connections > 89 (80 % of max_connections 112) for 10 minutes',
    );
  });
});

describe('postgresMaxConnections', () => {
  it.each([
    ['db.t3.micro', 112],
    ['db.t4g.small', 225],
    ['db.t3.small', 225],
    ['db.m5.large', 901],
    ['db.r6g.xlarge', 3604],
    ['db.r5.4xlarge', 5000],
  ])('estimates %s at %i connections', (instanceClass, expected) => {
    // Act
    const max = postgresMaxConnections(instanceClass);
    // Assess
    expect(max).toBe(expected);
  });

  it('falls back to a db.t3.micro’s value for a class it cannot size', () => {
    // Act
    const max = postgresMaxConnections('db.z1d.medium');
    // Assess
    expect(max).toBe(FALLBACK_MAX_CONNECTIONS);
  });
});
