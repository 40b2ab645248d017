import { CfnResource } from 'aws-cdk-lib/core';
import type { IConstruct } from 'constructs';
import {
  formatPath,
  MANIFEST_PATH_METADATA_KEY,
  type ManifestPath,
} from '../controller/model/manifest-path.js';

/**
 * Marks every CloudFormation resource under each construct with its manifest path
 * ({@link MANIFEST_PATH_METADATA_KEY}). Earlier entries win, so list the most specific constructs
 * (a target group) before their parents (the load balancer).
 */
export function markManifestPaths(entries: readonly (readonly [IConstruct, ManifestPath])[]): void {
  for (const [scope, path] of entries) {
    for (const node of scope.node.findAll()) {
      if (
        CfnResource.isCfnResource(node) &&
        node.getMetadata(MANIFEST_PATH_METADATA_KEY) === undefined
      )
        node.addMetadata(MANIFEST_PATH_METADATA_KEY, formatPath(path));
    }
  }
}
