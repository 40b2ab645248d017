/**
 * The CloudFormation emulation (awsQuery protocol, API version 2010-05-15): change sets, stacks, their
 * resources, events and exports. Executing a change set or deleting a stack runs asynchronously after
 * the call returned, one resource operation per step, with rollback as on AWS; resources are
 * provisioned into the other services' state by the per-type handlers. The operations live in
 * `./api/`, the stack engine in `./engine/`, template handling in `./template/` and the per-type
 * provisioners in `./resources/`.
 */

import { readS3Object } from '../s3/operations.js';
import type { OperationHandler, SandboxService } from '../service.js';
import {
  deleteChangeSet,
  describeChangeSet,
  executeChangeSet,
  listChangeSets,
} from './api/change-sets.js';
import { createChangeSet } from './api/create-change-set.js';
import type { ApiDeps } from './api/deps.js';
import { createStack, updateStack } from './api/stack-direct.js';
import {
  describeStackEvents,
  describeStackResource,
  describeStackResources,
  listStackResources,
} from './api/stack-resources.js';
import {
  deleteStack,
  describeStacks,
  listStacks,
  updateTerminationProtection,
} from './api/stacks.js';
import { getTemplate, listExportsOperation, validateTemplate } from './api/templates.js';
import type { HandlerLookup } from './contract.js';
import { resumeStacks } from './engine/drive.js';
import { handlerFor } from './engine/provisioners.js';
import type { S3ObjectReader } from './template/source.js';

/** What {@link createCloudFormationService} can be given instead of the defaults. */
export interface CloudFormationServiceOptions {
  /** The resource type handlers. @default handlerFor of `./engine/provisioners.js` */
  readonly handlers?: HandlerLookup;
  /** How `TemplateURL` objects are read. @default readS3Object of `../s3/operations.js` */
  readonly readS3Object?: S3ObjectReader;
}

/** A CloudFormation service: signing name `cloudformation`, API version 2010-05-15. */
export function createCloudFormationService(
  options: CloudFormationServiceOptions = {},
): SandboxService {
  const deps: ApiDeps = {
    handlers: options.handlers ?? handlerFor,
    readS3Object: options.readS3Object ?? readS3Object,
  };
  const withDeps =
    (handler: (...args: [...Parameters<OperationHandler>, ApiDeps]) => unknown): OperationHandler =>
    (state, input, ctx) =>
      handler(state, input, ctx, deps);
  return {
    signingName: 'cloudformation',
    name: 'CloudFormation',
    protocol: 'query',
    xmlNamespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
    operations: {
      CreateChangeSet: withDeps(createChangeSet),
      DescribeChangeSet: describeChangeSet,
      ListChangeSets: listChangeSets,
      DeleteChangeSet: deleteChangeSet,
      ExecuteChangeSet: withDeps(executeChangeSet),
      CreateStack: withDeps(createStack),
      UpdateStack: withDeps(updateStack),
      DescribeStacks: describeStacks,
      ListStacks: listStacks,
      DeleteStack: withDeps(deleteStack),
      UpdateTerminationProtection: updateTerminationProtection,
      GetTemplate: getTemplate,
      ListExports: listExportsOperation,
      ValidateTemplate: withDeps(validateTemplate),
      ListStackResources: listStackResources,
      DescribeStackResources: describeStackResources,
      DescribeStackResource: describeStackResource,
      DescribeStackEvents: describeStackEvents,
    },
    resume: (state, defer) => resumeStacks(state, deps, defer),
  };
}

/** The CloudFormation service with the default handlers. */
export const cloudFormationService: SandboxService = createCloudFormationService();
