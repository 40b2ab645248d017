/** RDS DB subnet groups in the RDS emulation, made through the RDS operation handlers. */
import { rdsService } from '../../rds/service.js';
import { subnetGroupSubnets } from '../../rds/subnet-groups.js';
import { rds } from './rds.js';
import {
  generatedName,
  type Handlers,
  ignoreNotFound,
  reported,
  requiredText,
  resourceTags,
  systemTags,
  text,
  withUserTags,
} from './support.js';

/** `AWS::RDS::DBSubnetGroup`. */
export const dbSubnetGroupHandlers: Handlers = {
  'AWS::RDS::DBSubnetGroup': {
    replaceOn: ['DBSubnetGroupName'],
    nameProperty: 'DBSubnetGroupName',
    create(state, logicalId, props, ctx) {
      const name =
        text(props, 'DBSubnetGroupName') ??
        generatedName(state, ctx, logicalId, { lowercase: true });
      const members = {
        DBSubnetGroupName: name,
        DBSubnetGroupDescription: requiredText(props, 'DBSubnetGroupDescription', logicalId),
        SubnetIds: props.SubnetIds,
        Tags: resourceTags(props, ctx),
      };
      const { DBSubnetGroup } = rds('CreateDBSubnetGroup', state, members, ctx) as {
        DBSubnetGroup: { DBSubnetGroupName: string };
      };
      const group = state.rds.subnetGroups[DBSubnetGroup.DBSubnetGroupName];
      group?.Tags.push(...systemTags(ctx, logicalId));
      return { physicalId: DBSubnetGroup.DBSubnetGroupName, attributes: {} };
    },
    update(state, logicalId, physicalId, _previous, props, ctx) {
      rds('DescribeDBSubnetGroups', state, { DBSubnetGroupName: physicalId }, ctx);
      const group = state.rds.subnetGroups[physicalId.toLowerCase()];
      if (group === undefined) return { physicalId, attributes: {} };
      // The API's ModifyDBSubnetGroup.
      const ids = (props.SubnetIds as string[] | undefined) ?? [];
      const subnets = reported(rdsService, ctx, () => subnetGroupSubnets(state, ids));
      group.DBSubnetGroupDescription = requiredText(props, 'DBSubnetGroupDescription', logicalId);
      group.Subnets = subnets.map((s) => ({
        SubnetIdentifier: s.SubnetId,
        AvailabilityZone: s.AvailabilityZone,
      }));
      group.Tags = withUserTags(group.Tags, resourceTags(props, ctx));
      return { physicalId, attributes: {} };
    },
    delete(state, physicalId, _props, ctx) {
      ignoreNotFound(() =>
        rds('DeleteDBSubnetGroup', state, { DBSubnetGroupName: physicalId }, ctx),
      );
    },
  },
};
