import type { DatabaseInstance } from 'aws-cdk-lib/aws-rds';
import { Duration } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { postgresMaxConnections } from './postgres-connections.js';
import { type AlarmTopicArns, addAlarms } from './service-alarms.js';

/** Share of the estimated `max_connections` at which the connections alarm fires. */
export const CONNECTIONS_ALARM_SHARE = 0.8;

/** Props of {@link DatabaseAlarms}. */
export interface DatabaseAlarmsProps {
  /** Named in every alarm description, e.g. the DB instance identifier. */
  readonly subject: string;
  readonly instance: DatabaseInstance;
  /** The instance class, which sets PostgreSQL's default `max_connections`. */
  readonly instanceClass: string;
  readonly topics: AlarmTopicArns;
}

/**
 * The database's alarms, both P1: CPU > 80 % for 15 minutes, and connections above
 * {@link CONNECTIONS_ALARM_SHARE} of the class's default `max_connections` for 10 minutes
 * (an early warning before new connections are refused, which would be P0).
 */
export class DatabaseAlarms extends Construct {
  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const max = postgresMaxConnections(props.instanceClass);
    const threshold = Math.floor(max * CONNECTIONS_ALARM_SHARE);
    addAlarms(this, props.subject, props.topics, [
      {
        id: 'Cpu',
        priority: 'P1',
        what: 'CPU > 80 % for 15 minutes',
        metric: props.instance.metricCPUUtilization({ period }),
        threshold: 80,
        evaluationPeriods: 3,
      },
      {
        id: 'Connections',
        priority: 'P1',
        what: `connections > ${threshold} (80 % of max_connections ${max}) for 10 minutes`,
        metric: props.instance.metricDatabaseConnections({ statistic: 'Maximum', period }),
        threshold,
        evaluationPeriods: 2,
      },
    ]);
  }
}
