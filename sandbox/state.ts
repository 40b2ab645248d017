/**
 * The whole sandbox state, composed of one slice per emulated service (`<service>/state.ts`). A slice
 * module holds only its plain-JSON shapes and its empty value: it imports no operation, no helper
 * that reads the state, and neither this module nor `./service.ts`. That keeps the sandbox free of
 * import cycles: everything may depend on this module, and it depends on the slices alone.
 */
import { type CloudformationState, initialCloudformationState } from './cloudformation/state.js';
import { type CloudTrailState, initialCloudTrailState } from './cloudtrail/state.js';
import { type Ec2State, initialEc2State } from './ec2/state.js';
import { type EcsState, initialEcsState } from './ecs/state.js';
import { type Elbv2State, initialElbv2State } from './elbv2/state.js';
import { type GitHubState, initialGitHubState } from './github/state.js';
import { initialRdsState, type RdsState } from './rds/state.js';
import { initialS3State, type S3State } from './s3/state.js';
import { initialSecretsManagerState, type SecretsManagerState } from './secretsmanager/state.js';
import { initialSnsState, type SnsState } from './sns/state.js';
import { initialSqsState, type SqsState } from './sqs/state.js';
import { initialSsmState, type SsmState } from './ssm/state.js';
import { initialStsState, type StsState } from './sts/state.js';

/**
 * The persisted state of every emulated service. Each service owns its slice; slices are plain JSON
 * (no Maps, no Dates: timestamps are ISO strings or epoch seconds) so the server can write the whole
 * state to disk atomically after every mutating call.
 */
export interface SandboxState {
  ecs: EcsState;
  rds: RdsState;
  elbv2: Elbv2State;
  ec2: Ec2State;
  cloudformation: CloudformationState;
  secretsmanager: SecretsManagerState;
  s3: S3State;
  ssm: SsmState;
  sts: StsState;
  sns: SnsState;
  sqs: SqsState;
  cloudtrail: CloudTrailState;
  /** Commit statuses of the GitHub stand-in (not an AWS service). */
  github: GitHubState;
  /** Monotonic counter for generated ids. */
  seq: number;
}

/** A fresh, empty sandbox state. */
export function initialSandboxState(): SandboxState {
  return {
    ecs: initialEcsState(),
    rds: initialRdsState(),
    elbv2: initialElbv2State(),
    ec2: initialEc2State(),
    cloudformation: initialCloudformationState(),
    secretsmanager: initialSecretsManagerState(),
    s3: initialS3State(),
    ssm: initialSsmState(),
    sts: initialStsState(),
    sns: initialSnsState(),
    sqs: initialSqsState(),
    cloudtrail: initialCloudTrailState(),
    github: initialGitHubState(),
    seq: 0,
  };
}
