import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { App } from 'aws-cdk-lib/core';
import type { DesiredState } from '../../controller/model/manifest.js';
import { parseManifest } from '../../controller/model/parse-manifest.js';
import { inlineTemplateSynthesizer } from '../../stacks/inline-template-synthesizer.js';
import { PlatformStack, type PlatformStackProps } from '../../stacks/platform-stack.js';

/** The shipped environments. */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The text of a shipped manifest. */
export function manifestText(env: Environment): string {
  return readFileSync(`desired-state/environments/${env}.yaml`, 'utf8');
}

const shipped = new Map<Environment, DesiredState>();
type Built = { stack: PlatformStack; template: Template; missingContext: unknown };
const built = new WeakMap<DesiredState, Built>();

/**
 * A shipped manifest, parsed; `edits` replace text first, each `[from, to]` exactly once.
 * Without edits the same object is returned each time, so {@link platform} builds it once per file.
 */
export function manifest(env: Environment, ...edits: [string, string][]): DesiredState {
  const cached = edits.length === 0 ? shipped.get(env) : undefined;
  if (cached) return cached;
  let text = manifestText(env);
  for (const [from, to] of edits) {
    if (!text.includes(from))
      throw new Error(`${env}.yaml does not contain ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  const parsed = parseManifest(text, `${env}.yaml`, { expectedEnvironment: env });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  if (edits.length === 0) shipped.set(env, parsed.value);
  return parsed.value;
}

/**
 * The platform stack of a manifest, synthesized with validation off, and its template; built once
 * per manifest object when no props are given (templates are only read).
 */
export function platform(
  desired: DesiredState,
  props: Omit<PlatformStackProps, 'desired'> = {},
): Built {
  const reusable = Object.keys(props).length === 0;
  const cached = reusable ? built.get(desired) : undefined;
  if (cached) return cached;
  const result = build(desired, props);
  if (reusable) built.set(desired, result);
  return result;
}

function build(desired: DesiredState, props: Omit<PlatformStackProps, 'desired'>): Built {
  const outdir = mkdtempSync(join(tmpdir(), 'plumbline-stack-test-'));
  try {
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new PlatformStack(app, `plumbline-${desired.environment.name}`, {
      synthesizer: inlineTemplateSynthesizer(),
      ...props,
      desired,
    });
    const template = Template.fromStack(stack);
    return { stack, template, missingContext: app.synth().manifest.missing };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Resources of one type, by logical id. */
export function resources(
  template: Template,
  type: string,
): Record<string, { Properties: Record<string, unknown>; [key: string]: unknown }> {
  return template.findResources(type) as Record<
    string,
    { Properties: Record<string, unknown>; [key: string]: unknown }
  >;
}
