import {
  type CloudFormationClient,
  DescribeStackResourceCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { HealDeclarationNotFoundError } from '../../model/errors.js';
import {
  formatPath,
  MANIFEST_PATH_METADATA_KEY,
  type ManifestPath,
} from '../../model/manifest-path.js';

const TASK_DEFINITION_TYPE = 'AWS::ECS::TaskDefinition';

/**
 * The ARN of the task definition revision a stack declares for a manifest path: the
 * `AWS::ECS::TaskDefinition` of the deployed template (GetTemplate, `Original` stage) whose
 * `Metadata["plumbline:path"]` is `path` (`services.api`), by its physical id
 * (DescribeStackResource). Two calls; nothing cached, since a rollout may replace the revision
 * between two heals.
 *
 * @throws {@link HealDeclarationNotFoundError} when the stack does not exist or declares no such
 * task definition.
 *
 * @example
 * const arn = await declaredTaskDefinition(cfn, 'plumbline-dev', ['services', 'api']);
 */
export async function declaredTaskDefinition(
  cloudformation: CloudFormationClient,
  stackName: string,
  path: ManifestPath,
): Promise<string> {
  const wanted = formatPath(path);
  const notFound = (cause?: unknown) =>
    new HealDeclarationNotFoundError(
      stackName,
      wanted,
      TASK_DEFINITION_TYPE,
      cause === undefined ? {} : { cause },
    );
  const template = await cloudformation
    .send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }))
    .catch((error: unknown) => {
      throw isMissingStack(error) ? notFound(error) : error;
    });
  const logicalId = taskDefinitionOf(template.TemplateBody, wanted);
  if (logicalId === undefined) throw notFound();
  const resource = await cloudformation.send(
    new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: logicalId }),
  );
  const arn = resource.StackResourceDetail?.PhysicalResourceId;
  if (!arn) throw notFound();
  return arn;
}

/** The logical id of the task definition whose manifest path is `path`, in a JSON template. */
function taskDefinitionOf(body: string | undefined, path: string): string | undefined {
  let template: {
    Resources?: Record<string, { Type?: unknown; Metadata?: Record<string, unknown> }>;
  };
  try {
    template = JSON.parse(body ?? '{}');
  } catch {
    // Plumbline deploys JSON templates; anything else was not deployed by it.
    return undefined;
  }
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (
      resource?.Type === TASK_DEFINITION_TYPE &&
      resource.Metadata?.[MANIFEST_PATH_METADATA_KEY] === path
    )
      return id;
  }
  return undefined;
}

/** CloudFormation answers a stack that does not exist with a `ValidationError`. */
function isMissingStack(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationError' &&
    /does not exist/.test(error.message)
  );
}
