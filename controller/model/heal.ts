import type { Drift } from './drift.js';
import type { RedirectTarget } from './listener-defaults.js';
import type { ManifestPath } from './manifest-path.js';
import type { ResourceKey } from './resource-key.js';

/**
 * Self-healing: direct, idempotent API calls that put declared values back where CloudFormation
 * would not (it does not revert drift from an unchanged template). Each action is one API call on
 * one resource, and says which drift paths it heals, from which live value to which.
 */

/** One drift path an action heals: the value found and the value written. */
export interface HealedPath {
  readonly path: ManifestPath;
  readonly from: unknown;
  readonly to: unknown;
}

interface HealActionBase {
  readonly key: ResourceKey;
  /** Never empty. */
  readonly heals: readonly HealedPath[];
}

/** ECS `UpdateService`: desired count, task definition revision, deployment settings. */
export interface UpdateServiceAction extends HealActionBase {
  readonly api: 'UpdateService';
  readonly cluster: string;
  readonly service: string;
  /** The count to set: the nearest bound of the auto-scaling range, or the declared count. */
  readonly desiredCount?: number;
  /**
   * Go back to the task definition revision the platform stack declares for `declaration`
   * (`services.<name>`); `liveArn` is the revision the service runs now.
   */
  readonly taskDefinition?: { readonly declaration: ManifestPath; readonly liveArn: string };
  /** The whole deployment configuration: drifted fields declared, the others as they are live. */
  readonly deployment?: {
    readonly minimumHealthyPercent: number;
    readonly maximumPercent: number;
    readonly circuitBreaker: { readonly enable: boolean; readonly rollback: boolean };
  };
}

/** The health-check settings of a target group, as the manifest names them. */
export interface TargetGroupHealthCheckChanges {
  readonly path?: string;
  readonly port?: 'traffic-port' | number;
  readonly intervalSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly healthyThreshold?: number;
  readonly unhealthyThreshold?: number;
  readonly matcher?: string;
}

/** ELBv2 `ModifyTargetGroup`: only the drifted health-check settings. */
export interface ModifyTargetGroupAction extends HealActionBase {
  readonly api: 'ModifyTargetGroup';
  readonly arn: string;
  readonly healthCheck: TargetGroupHealthCheckChanges;
}

/** What a listener's default action does: forward to a target group, or redirect. */
export type ListenerDefaultAction =
  | { readonly type: 'forward'; readonly targetGroupArn: string }
  | { readonly type: 'redirect'; readonly redirect: RedirectTarget };

/** ELBv2 `ModifyListener`: protocol (with its certificate and policy), certificate, default action. */
export interface ModifyListenerAction extends HealActionBase {
  readonly api: 'ModifyListener';
  readonly arn: string;
  readonly protocol?: string;
  readonly certificateArns?: readonly string[];
  readonly sslPolicy?: string;
  readonly defaultAction?: ListenerDefaultAction;
}

/** The load balancer attributes the manifest declares, by manifest name. */
export interface LoadBalancerAttributeChanges {
  readonly idleTimeoutSeconds?: number;
  readonly dropInvalidHeaderFields?: boolean;
  readonly deletionProtection?: boolean;
}

/** ELBv2 `ModifyLoadBalancerAttributes`: only the drifted attributes. */
export interface ModifyLoadBalancerAttributesAction extends HealActionBase {
  readonly api: 'ModifyLoadBalancerAttributes';
  readonly arn: string;
  readonly attributes: LoadBalancerAttributeChanges;
}

/** The settings of a DB instance that RDS changes in place, by manifest name. */
export interface DatabaseChanges {
  readonly instanceClass?: string;
  readonly allocatedStorage?: number;
  readonly storageType?: string;
  readonly multiAz?: boolean;
  readonly backupRetentionDays?: number;
  readonly deletionProtection?: boolean;
  readonly publiclyAccessible?: boolean;
}

/** RDS `ModifyDBInstance`: every drifted setting in one call. */
export interface ModifyDbInstanceAction extends HealActionBase {
  readonly api: 'ModifyDBInstance';
  readonly identifier: string;
  /** `drift.healApplyImmediately`: otherwise RDS waits for the maintenance window for some settings. */
  readonly applyImmediately: boolean;
  readonly changes: DatabaseChanges;
}

/** One direct API call that puts declared values back. A closed union: adapters switch on `api`. */
export type HealAction =
  | UpdateServiceAction
  | ModifyTargetGroupAction
  | ModifyListenerAction
  | ModifyLoadBalancerAttributesAction
  | ModifyDbInstanceAction;

/** A drift the plan leaves alone, and why. */
export interface UnhealedDrift {
  readonly drift: Drift;
  readonly reason: string;
}

/** What healing would do: the actions, and the drifts no action heals. */
export interface HealPlan {
  readonly actions: readonly HealAction[];
  readonly unhealed: readonly UnhealedDrift[];
}

/**
 * What applying one action did. `changed: false` when the live resource already had what the
 * action would write (e.g. the service already runs the revision the stack declares: the manifest
 * changed and awaits a rollout); `note` says so.
 */
export interface HealApplied {
  readonly changed: boolean;
  readonly note?: string;
}

/**
 * What a heal did, as a scan's run record and a rollout's outcome keep it: one line per action,
 * whether nothing it healed is still drifted afterwards, and why it did not run, when it did not.
 */
export interface HealSummary {
  readonly actions: readonly string[];
  /** True when the heal ran (not skipped) and no path it healed is drifted or unchecked afterwards. */
  readonly held: boolean;
  readonly skipped?: string;
}
