import type { AlertEvent } from '../model/alert.js';

/**
 * Sends alerts: one topic per priority, the body in PagerDuty Events API v2's shape, with the
 * priority, environment and action as attributes subscriptions can filter on.
 *
 * @example
 * await alerts.publish({ action: 'trigger', dedupKey, priority: 'P0', environment: 'prod', ... });
 */
export interface AlertPublisher {
  publish(alert: AlertEvent): Promise<void>;
}
