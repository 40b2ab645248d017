import { CfnResource } from 'aws-cdk-lib/core';
import type { IConstruct } from 'constructs';

/**
 * The template metadata key that names the manifest path a resource was built from
 * (`database`, `services.api`, `loadBalancer.targetGroups.api`, `loadBalancer.listeners.443`).
 * The rollout guard reads it to know what a change-set entry would replace.
 */
export const MANIFEST_PATH_METADATA_KEY = 'plumbline:path';

/**
 * Marks every CloudFormation resource under each construct with its manifest path. Earlier entries
 * win, so list the most specific constructs (a target group) before their parents (the load balancer).
 */
export function markManifestPaths(entries: readonly (readonly [IConstruct, string])[]): void {
  for (const [scope, path] of entries) {
    for (const node of scope.node.findAll()) {
      if (
        CfnResource.isCfnResource(node) &&
        node.getMetadata(MANIFEST_PATH_METADATA_KEY) === undefined
      )
        node.addMetadata(MANIFEST_PATH_METADATA_KEY, path);
    }
  }
}
