/**
 * The resource type handlers the stack engine provisions with: real ones for the types the
 * sandbox's services hold (EC2 network and security groups, ECS, ELBv2, RDS, Secrets Manager),
 * and opaque ones for every other type.
 */
import { isPlainObject } from '../../shared/json-value.js';
import type { SandboxState } from '../../state.js';
import type { ResourceTypeHandler, StackContext } from '../contract.js';
import { ec2NetworkHandlers } from '../resources/ec2.js';
import { securityGroupHandlers } from '../resources/ec2-security-groups.js';
import { ecsHandlers } from '../resources/ecs.js';
import { loadBalancerHandlers } from '../resources/elbv2.js';
import { listenerHandlers } from '../resources/elbv2-listeners.js';
import { targetGroupHandlers } from '../resources/elbv2-target-groups.js';
import { opaqueHandler } from '../resources/opaque.js';
import { dbInstanceHandlers, deleteWithFinalSnapshot } from '../resources/rds.js';
import { dbSubnetGroupHandlers } from '../resources/rds-subnet-groups.js';
import { secretsHandlers } from '../resources/secrets.js';
import type { Handlers, Properties } from '../resources/support.js';
import { resolveDynamicReferences } from '../template/dynamic-references.js';

const HANDLERS: Handlers = {
  ...ec2NetworkHandlers,
  ...securityGroupHandlers,
  ...ecsHandlers,
  ...loadBalancerHandlers,
  ...targetGroupHandlers,
  ...listenerHandlers,
  ...dbSubnetGroupHandlers,
  ...dbInstanceHandlers,
  ...secretsHandlers,
};

/** The resource types provisioned into the services' state, as opposed to opaque ones. */
export function provisionedTypes(): readonly string[] {
  return Object.keys(HANDLERS).sort();
}

/**
 * The handler of a resource type. Types no service holds get an opaque handler that stores
 * nothing and gives a generated physical id (`<stack>-<logicalId>-<12 random>`, or the id format
 * the type has on AWS) and the conventional attributes (`Arn`, ...).
 *
 * Handlers resolve dynamic references (`{{resolve:...}}`) left in the properties they are given.
 * `update` throws an `AwsError` with code `NotUpdatable` when a property of `conditionalReplaceOn`
 * changes in a way that needs a replacement (another RDS engine or availability zone, ...).
 */
export function handlerFor(type: string): ResourceTypeHandler {
  const handler = HANDLERS[type] ?? opaqueHandler(type);
  return {
    ...handler,
    create: (state, logicalId, props, ctx) =>
      handler.create(state, logicalId, resolved(state, props, ctx), ctx),
    update: (state, logicalId, physicalId, previous, props, ctx) =>
      handler.update(state, logicalId, physicalId, previous, resolved(state, props, ctx), ctx),
    delete: (state, physicalId, props, ctx) => handler.delete(state, physicalId, props, ctx),
  };
}

/** Properties with their dynamic references resolved (a no-op when the engine did it already). */
function resolved(state: SandboxState, props: Properties, ctx: StackContext): Properties {
  const value = resolveDynamicReferences(state, props, ctx);
  return isPlainObject(value) ? value : props;
}

/**
 * Deletes a resource as a DeletionPolicy or UpdateReplacePolicy of `Snapshot` asks, for the types
 * that take snapshots (`AWS::RDS::DBInstance`): a final snapshot, then the deletion.
 *
 * @returns `false`, having done nothing, for a type that takes no snapshots.
 */
export function deleteWithSnapshot(
  state: SandboxState,
  type: string,
  physicalId: string,
  ctx: StackContext,
): boolean {
  if (type !== 'AWS::RDS::DBInstance') return false;
  deleteWithFinalSnapshot(state, physicalId, ctx);
  return true;
}
