import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib/core';
import { TEMPLATE_BODY_LIMIT } from '../controller/model/cloudformation-limits.js';
import { PlatformValidationError } from '../controller/model/errors.js';
import type { DesiredState, Priority } from '../controller/model/manifest.js';
import { inlineTemplateSynthesizer } from './inline-template-synthesizer.js';
import { PlatformStack, platformStackName } from './platform-stack.js';
import {
  isValidationError,
  readValidationReport,
  type ValidationFinding,
  type ValidationSummary,
} from './validation-report.js';

export type { ValidationFinding, ValidationSummary };

export { TEMPLATE_BODY_LIMIT };

/** Options of {@link synthesizePlatform}. */
export interface SynthesizePlatformOptions {
  /**
   * SNS topic ARN per alarm priority.
   * @default - the environment's `plumbline-alerts-p0` .. `-p3` topics
   */
  readonly alarmTopicArns?: Partial<Record<Priority, string>>;
  /**
   * Run CDK's built-in CloudFormation validation (about two seconds per synthesis). Findings of
   * error severity fail the synthesis with {@link PlatformValidationError}; warnings are returned.
   * @default false
   */
  readonly validate?: boolean;
  /**
   * Where to write the cloud assembly, which is then kept.
   * @default - a temporary directory, removed before returning
   */
  readonly outdir?: string;
  /**
   * Whether the stack exists already: the template of an update leaves the desired count of
   * auto-scaled services out, so that deploying it keeps the running count; the template of a first
   * create declares it. Deploying a create template over an existing stack resets every auto-scaled
   * service to its declared count.
   * @default true
   */
  readonly stackExists?: boolean;
}

/** The synthesized platform stack of one environment. */
export interface PlatformSynthesis {
  readonly stackName: string;
  readonly template: Record<string, unknown>;
  /** The template as the deploy call sends it inline: compact JSON. */
  readonly body: string;
  /** UTF-8 size of {@link body}; compare with {@link TEMPLATE_BODY_LIMIT}. */
  readonly bytes: number;
  /**
   * What the built-in validation reported, short of errors (which throw).
   * @default - absent when validation did not run
   */
  readonly validation?: ValidationSummary;
}

/**
 * Synthesizes one environment's {@link PlatformStack} in process, offline: no network, no
 * context lookup, no bootstrap (the {@link InlineTemplateSynthesizer}). By default the template is
 * the one for an update of an existing stack ({@link SynthesizePlatformOptions.stackExists}).
 *
 * @example
 * const { stackName, body, bytes } = synthesizePlatform(desired);
 * if (bytes > TEMPLATE_BODY_LIMIT) throw new Error(`${stackName} needs an S3 template URL`);
 */
export function synthesizePlatform(
  desired: DesiredState,
  options: SynthesizePlatformOptions = {},
): PlatformSynthesis {
  const validate = options.validate ?? false;
  const outdir = options.outdir ?? mkdtempSync(join(tmpdir(), 'plumbline-synth-'));
  try {
    const app = new App({
      outdir,
      builtinCloudFormationValidation: validate,
      // Keep the template free of the analytics resource and condition the CLI would add.
      analyticsReporting: false,
      context: {
        // Report errors as errors, and let this function (not the App) report them.
        '@aws-cdk/core:validateAgainstDefaultRules': true,
        '@aws-cdk/core:failSynthOnValidationErrors': false,
      },
    });
    const stack = new PlatformStack(app, platformStackName(desired), {
      desired,
      synthesizer: inlineTemplateSynthesizer(),
      ...(options.alarmTopicArns ? { alarmTopicArns: options.alarmTopicArns } : {}),
      ...(options.stackExists === undefined ? {} : { stackExists: options.stackExists }),
    });
    const assembly = app.synth();
    const template = assembly.getStackArtifact(stack.artifactId).template as Record<
      string,
      unknown
    >;
    const validation = validate ? readValidationReport(assembly.directory) : undefined;
    const errors = validation?.findings.filter(isValidationError) ?? [];
    if (errors.length > 0) throw new PlatformValidationError(stack.stackName, errors);
    const body = JSON.stringify(template);
    return {
      stackName: stack.stackName,
      template,
      body,
      bytes: Buffer.byteLength(body, 'utf8'),
      ...(validation
        ? { validation: { warnings: validation.findings, acknowledged: validation.acknowledged } }
        : {}),
    };
  } finally {
    if (options.outdir === undefined) rmSync(outdir, { recursive: true, force: true });
  }
}
