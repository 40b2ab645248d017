/**
 * The RDS emulation (awsQuery protocol): DB instances, DB subnet groups and tags. Instances
 * converge at once (`available` on creation, gone on deletion); see `instances.ts` and
 * `modify.ts`.
 */
import { QUERY_STYLE, renderStruct } from '../protocols/xml.js';
import type { SandboxService } from '../service.js';
import { createDBInstance, deleteDBInstance, describeDBInstances } from './instances.js';
import { modifyDBInstance } from './modify.js';
import {
  createDBSubnetGroup,
  deleteDBSubnetGroup,
  describeDBSubnetGroups,
} from './subnet-groups.js';
import { addTagsToResource, listTagsForResource, removeTagsFromResource } from './tags.js';
import { RDS_OUTPUT_SHAPES } from './xml.js';

/** The RDS service: signing name `rds`, API version 2014-10-31. */
export const rdsService: SandboxService = {
  signingName: 'rds',
  name: 'RDS',
  protocol: 'query',
  xmlNamespace: 'http://rds.amazonaws.com/doc/2014-10-31/',
  renderXml: (operation, output) =>
    renderStruct(output, RDS_OUTPUT_SHAPES[operation] ?? {}, QUERY_STYLE),
  operations: {
    CreateDBInstance: createDBInstance,
    DescribeDBInstances: describeDBInstances,
    ModifyDBInstance: modifyDBInstance,
    DeleteDBInstance: deleteDBInstance,
    AddTagsToResource: addTagsToResource,
    RemoveTagsFromResource: removeTagsFromResource,
    ListTagsForResource: listTagsForResource,
    CreateDBSubnetGroup: createDBSubnetGroup,
    DescribeDBSubnetGroups: describeDBSubnetGroups,
    DeleteDBSubnetGroup: deleteDBSubnetGroup,
  },
};
