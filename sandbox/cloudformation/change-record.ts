/** The resource changes a change set records, shaped as DescribeChangeSet returns them. */

/** A `ResourceChange` of DescribeChangeSet (property values kept for `IncludePropertyValues`). */
export interface ResourceChangeRecord {
  Action: 'Add' | 'Modify' | 'Remove';
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  Replacement?: 'True' | 'False' | 'Conditional';
  PolicyAction?: string;
  Scope: string[];
  Details: ResourceChangeDetailRecord[];
}

export interface ResourceChangeDetailRecord {
  Target: {
    Attribute: 'Properties' | 'Tags' | 'Metadata';
    Name?: string;
    RequiresRecreation: 'Never' | 'Conditionally' | 'Always';
    Path?: string;
    BeforeValue?: string;
    AfterValue?: string;
    AttributeChangeType?: 'Add' | 'Remove' | 'Modify';
  };
  Evaluation: 'Static' | 'Dynamic';
  ChangeSource:
    | 'DirectModification'
    | 'ResourceReference'
    | 'ParameterReference'
    | 'ResourceAttribute'
    | 'Automatic';
  CausingEntity?: string;
}
