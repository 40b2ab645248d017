import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { FargateService } from 'aws-cdk-lib/aws-ecs';
import type {
  ApplicationLoadBalancer,
  ApplicationTargetGroup,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Duration } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import type { Priority } from '../../controller/model/manifest.js';

/** The SNS topic ARN each priority's alarms notify. */
export type AlarmTopicArns = Readonly<Record<Priority, string>>;

/** One alarm: its metric, threshold, evaluation and the priority it notifies. */
export interface AlarmSpec {
  readonly id: string;
  readonly priority: Priority;
  readonly what: string;
  readonly metric: IMetric;
  readonly threshold: number;
  readonly operator?: ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm?: number;
}

/**
 * Creates one alarm per spec; its description starts with `[P0]`..`[P3]` and the subject, and it
 * notifies (on ALARM and on OK, so alerts resolve) the topic of its priority.
 */
export function addAlarms(
  scope: Construct,
  subject: string,
  topics: AlarmTopicArns,
  specs: AlarmSpec[],
) {
  for (const spec of specs) {
    const alarm = new Alarm(scope, spec.id, {
      alarmDescription: `[${spec.priority}] ${subject}: ${spec.what}`,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.operator ?? ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: spec.evaluationPeriods,
      ...(spec.datapointsToAlarm ? { datapointsToAlarm: spec.datapointsToAlarm } : {}),
      // No requests or no samples is not a failure; a missing service shows up as drift.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = topicAction(topics[spec.priority]);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}

function topicAction(arn: string): IAlarmAction {
  return { bind: () => ({ alarmActionArn: arn }) };
}

/** Props of {@link ServiceAlarms}. */
export interface ServiceAlarmsProps {
  /** Named in every alarm description, e.g. the physical service name. */
  readonly subject: string;
  readonly service: FargateService;
  /**
   * The service's target group and its load balancer, for the load balancer alarms.
   * @default - no load balancer alarms (a service that takes no traffic)
   */
  readonly target?: {
    readonly loadBalancer: ApplicationLoadBalancer;
    readonly targetGroup: ApplicationTargetGroup;
  };
  readonly topics: AlarmTopicArns;
}

/**
 * A service's alarms. Through its target group: p99 latency > 1 s (P1), unhealthy hosts >= 1
 * (P0), 4XX > 50 per 5 minutes (P2), 5XX > 5 per minute (P0). On the ECS service: CPU > 70 % and
 * memory > 80 % for 15 minutes (P1: sustained past the auto-scaling targets means the service is
 * at maximum capacity or leaking, the "at max capacity" tier).
 */
export class ServiceAlarms extends Construct {
  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const minute = Duration.minutes(1);
    const fiveMinutes = Duration.minutes(5);
    const specs: AlarmSpec[] = [];
    const target = props.target;
    if (target) {
      // Dimensioned by the load balancer's own attribute: shorter than the target group's
      // listener-derived default and free of a dependency on any one listener.
      const tg = (metricName: string, statistic: string, period: Duration) =>
        new Metric({
          namespace: 'AWS/ApplicationELB',
          metricName,
          statistic,
          period,
          dimensionsMap: {
            LoadBalancer: target.loadBalancer.loadBalancerFullName,
            TargetGroup: target.targetGroup.targetGroupFullName,
          },
        });
      specs.push(
        {
          id: 'LatencyP99',
          priority: 'P1',
          what: 'p99 target response time > 1 s in 3 of 5 minutes',
          metric: tg('TargetResponseTime', 'p99', minute),
          threshold: 1,
          evaluationPeriods: 5,
          datapointsToAlarm: 3,
        },
        {
          id: 'UnhealthyHosts',
          priority: 'P0',
          what: 'unhealthy targets >= 1 for 2 minutes',
          metric: tg('UnHealthyHostCount', 'Maximum', minute),
          threshold: 1,
          operator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 2,
        },
        {
          id: 'Target4xx',
          priority: 'P2',
          what: 'target 4XX responses > 50 per 5 minutes',
          metric: tg('HTTPCode_Target_4XX_Count', 'Sum', fiveMinutes),
          threshold: 50,
          evaluationPeriods: 1,
        },
        {
          id: 'Target5xx',
          priority: 'P0',
          what: 'target 5XX responses > 5 per minute',
          metric: tg('HTTPCode_Target_5XX_Count', 'Sum', minute),
          threshold: 5,
          evaluationPeriods: 1,
        },
      );
    }
    specs.push(
      {
        id: 'Cpu',
        priority: 'P1',
        what: 'CPU > 70 % for 15 minutes',
        metric: props.service.metricCpuUtilization({ period: fiveMinutes }),
        threshold: 70,
        evaluationPeriods: 3,
      },
      {
        id: 'Memory',
        priority: 'P1',
        what: 'memory > 80 % for 15 minutes',
        metric: props.service.metricMemoryUtilization({ period: fiveMinutes }),
        threshold: 80,
        evaluationPeriods: 3,
      },
    );
    addAlarms(this, props.subject, props.topics, specs);
  }
}
