import { createHash } from 'node:crypto';
import {
  type CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { stackExists } from '../../core/stack-status.js';
import { TEMPLATE_BODY_LIMIT } from '../../model/cloudformation-limits.js';
import { PlumblineError, StackNeedsAttentionError } from '../../model/errors.js';
import { type ManifestPath, manifestPathsOf } from '../../model/manifest-path.js';
import type {
  ChangeSetDescription,
  ChangeSetExecution,
  ChangeSetRef,
  StackDeployer,
  StackEvent,
  StackStatus,
  SynthesizedTemplate,
} from '../../ports/stack-deployer.js';
import { isNoChangeReason, toResourceChanges } from './cfn-change-set-mapping.js';

export { TEMPLATE_BODY_LIMIT };

/** Capabilities a platform stack needs (it creates IAM roles for ECS tasks). */
const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'] as const;

export interface CfnStackDeployerOptions {
  readonly cloudformation: CloudFormationClient;
  /** Where templates over {@link TEMPLATE_BODY_LIMIT} bytes are uploaded. */
  readonly templates?: { readonly s3: S3Client; readonly bucket: string; readonly region: string };
  /**
   * The role CloudFormation acts as for the stack (`RoleARN` of `CreateChangeSet`): the controller's
   * `plumbline-cfn-exec` in its own account, so the controller itself needs no rights over what the
   * stack creates.
   * @default - CloudFormation acts with the caller's credentials
   */
  readonly executionRoleArn?: string;
}

/**
 * {@link StackDeployer} over the CloudFormation API. A stack that does not exist (or exists only in
 * `REVIEW_IN_PROGRESS`) gets a CREATE change set, any other an UPDATE one.
 *
 * @example
 * const deployer = new CfnStackDeployer({ cloudformation: new CloudFormationClient({}) });
 */
export class CfnStackDeployer implements StackDeployer {
  readonly #cfn: CloudFormationClient;
  readonly #templates: CfnStackDeployerOptions['templates'];
  readonly #roleArn: string | undefined;

  constructor(options: CfnStackDeployerOptions) {
    this.#cfn = options.cloudformation;
    this.#templates = options.templates;
    this.#roleArn = options.executionRoleArn;
  }

  async createChangeSet(
    template: SynthesizedTemplate,
    options: { name: string; description?: string; tags?: Readonly<Record<string, string>> },
  ): Promise<ChangeSetRef> {
    const existing = await this.status(template.stackName);
    if (
      existing?.status === 'ROLLBACK_COMPLETE' ||
      existing?.status === 'ROLLBACK_FAILED' ||
      existing?.status === 'DELETE_FAILED'
    ) {
      throw new StackNeedsAttentionError(template.stackName, existing.status);
    }
    const type = stackExists(existing?.status) ? 'UPDATE' : 'CREATE';
    const out = await this.#cfn.send(
      new CreateChangeSetCommand({
        StackName: template.stackName,
        ChangeSetName: options.name,
        ChangeSetType: type,
        Capabilities: [...CAPABILITIES],
        ...(this.#roleArn ? { RoleARN: this.#roleArn } : {}),
        ...(await this.#templateArgument(template)),
        ...(options.description ? { Description: options.description.slice(0, 1024) } : {}),
        Tags: Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    if (!out.Id)
      throw new PlumblineError(
        `CreateChangeSet for ${template.stackName} returned no change set id`,
      );
    return { id: out.Id, stackName: template.stackName, type };
  }

  async describeChangeSet(ref: ChangeSetRef): Promise<ChangeSetDescription> {
    // CloudFormation computes the change set asynchronously; the flow polls while it is pending.
    const first = await this.#describe(ref, undefined);
    if (first.Status === 'CREATE_PENDING' || first.Status === 'CREATE_IN_PROGRESS')
      return { status: 'pending' };
    if (first.Status === 'FAILED') {
      const reason = first.StatusReason ?? 'the change set failed';
      return isNoChangeReason(reason) ? { status: 'empty', reason } : { status: 'failed', reason };
    }
    const changes = [...(first.Changes ?? [])];
    for (let token = first.NextToken; token; ) {
      const page = await this.#describe(ref, token);
      changes.push(...(page.Changes ?? []));
      token = page.NextToken;
    }
    return { status: 'ready', changes: toResourceChanges(changes) };
  }

  async executeChangeSet(ref: ChangeSetRef): Promise<void> {
    await this.#cfn.send(
      new ExecuteChangeSetCommand({ ChangeSetName: ref.id, StackName: ref.stackName }),
    );
  }

  async execution(ref: ChangeSetRef): Promise<ChangeSetExecution> {
    try {
      const described = await this.#describe(ref, undefined);
      switch (described.ExecutionStatus) {
        case 'AVAILABLE':
          return 'not-executed';
        case 'EXECUTE_IN_PROGRESS':
        case 'EXECUTE_COMPLETE':
        case 'EXECUTE_FAILED':
          return 'executed';
      }
    } catch (error) {
      // Executing a change set deletes the stack's other change sets; a deleted one is not found.
      if (!(error instanceof Error && /ChangeSetNotFound/.test(error.name))) throw error;
    }
    // Unavailable, obsolete or gone: executed only if it is the change set the stack last ran.
    const out = await this.#cfn.send(new DescribeStacksCommand({ StackName: ref.stackName }));
    return out.Stacks?.[0]?.ChangeSetId === ref.id ? 'executed' : 'unknown';
  }

  async deleteChangeSet(ref: ChangeSetRef): Promise<void> {
    await this.#cfn.send(
      new DeleteChangeSetCommand({ ChangeSetName: ref.id, StackName: ref.stackName }),
    );
  }

  async status(stackName: string): Promise<StackStatus | undefined> {
    try {
      const out = await this.#cfn.send(new DescribeStacksCommand({ StackName: stackName }));
      const stack = out.Stacks?.[0];
      if (!stack?.StackStatus) return undefined;
      return {
        status: stack.StackStatus,
        ...(stack.StackStatusReason ? { reason: stack.StackStatusReason } : {}),
      };
    } catch (error) {
      // CloudFormation answers a missing stack with a generic ValidationError.
      if (
        error instanceof Error &&
        error.name === 'ValidationError' &&
        /does not exist/.test(error.message)
      )
        return undefined;
      throw error;
    }
  }

  async events(stackName: string, sinceId?: string): Promise<StackEvent[]> {
    const newestFirst: StackEvent[] = [];
    let token: string | undefined;
    do {
      const page = await this.#cfn.send(
        new DescribeStackEventsCommand({ StackName: stackName, NextToken: token }),
      );
      for (const e of page.StackEvents ?? []) {
        if (sinceId !== undefined && e.EventId === sinceId) return newestFirst.reverse();
        newestFirst.push({
          id: e.EventId ?? '',
          timestamp: e.Timestamp ?? new Date(0),
          logicalId: e.LogicalResourceId ?? '',
          resourceType: e.ResourceType ?? '',
          status: e.ResourceStatus ?? '',
          ...(e.ResourceStatusReason ? { reason: e.ResourceStatusReason } : {}),
        });
      }
      token = page.NextToken;
      // Without a starting point, the first page is enough for progress lines.
    } while (token && sinceId !== undefined);
    return newestFirst.reverse();
  }

  async deployedPaths(stackName: string): Promise<Record<string, ManifestPath>> {
    const out = await this.#cfn.send(
      new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }),
    );
    return manifestPathsOf(JSON.parse(out.TemplateBody ?? '{}'));
  }

  async protect(stackName: string): Promise<void> {
    await this.#cfn.send(
      new UpdateTerminationProtectionCommand({
        StackName: stackName,
        EnableTerminationProtection: true,
      }),
    );
  }

  #describe(ref: ChangeSetRef, token: string | undefined): Promise<DescribeChangeSetCommandOutput> {
    return this.#cfn.send(
      new DescribeChangeSetCommand({
        ChangeSetName: ref.id,
        StackName: ref.stackName,
        ...(token ? { NextToken: token } : {}),
      }),
    );
  }

  async #templateArgument(
    template: SynthesizedTemplate,
  ): Promise<{ TemplateBody: string } | { TemplateURL: string }> {
    if (template.bytes <= TEMPLATE_BODY_LIMIT) return { TemplateBody: template.body };
    const t = this.#templates;
    if (!t) {
      throw new PlumblineError(
        `template of ${template.stackName} is ${template.bytes} bytes, over CloudFormation's ${TEMPLATE_BODY_LIMIT}-byte inline limit, and no template bucket is configured`,
        { terminal: true },
      );
    }
    const key = `templates/${template.stackName}/${createHash('sha256').update(template.body).digest('hex')}.json`;
    await t.s3.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: key,
        Body: template.body,
        ContentType: 'application/json',
      }),
    );
    return { TemplateURL: `https://${t.bucket}.s3.${t.region}.amazonaws.com/${key}` };
  }
}
