import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, FileAssetPackaging, Stack } from 'aws-cdk-lib/core';
import { AssetsNotSupportedError, PlatformValidationError } from '../../controller/model/errors.js';
import { inlineTemplateSynthesizer } from '../../stacks/inline-template-synthesizer.js';
import { synthesizePlatform, TEMPLATE_BODY_LIMIT } from '../../stacks/synth.js';
import { ENVIRONMENTS, manifest } from './platform-fixtures.js';

describe('synthesizePlatform', () => {
  let outdir: string;

  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'plumbline-synth-test-'));
  });

  afterEach(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it('returns the template as compact JSON with its UTF-8 size', () => {
    // Prepare
    const desired = manifest('dev');
    // Act
    const result = synthesizePlatform(desired);
    // Assess
    expect(result.stackName).toBe('plumbline-dev');
    expect(result.body).toBe(JSON.stringify(result.template));
    expect(result.bytes).toBe(Buffer.byteLength(result.body, 'utf8'));
    expect(result.validation).toBeUndefined();
  });

  it('needs no bootstrap: no version parameter or rule, no deploy roles, no assets, no analytics', () => {
    // Prepare
    const desired = manifest('prod');
    // Act
    const { template } = synthesizePlatform(desired, { outdir });
    // Assess
    expect(Object.keys(template).sort()).toEqual(['Description', 'Resources']);
    expect(JSON.stringify(template)).not.toContain('AWS::CDK::Metadata');
    const cloudAssembly = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    expect(cloudAssembly.artifacts['plumbline-prod']).toMatchObject({
      type: 'aws:cloudformation:stack',
      environment: 'aws://222222222222/eu-west-1',
      properties: { templateFile: 'plumbline-prod.template.json', terminationProtection: true },
    });
    const properties = cloudAssembly.artifacts['plumbline-prod'].properties;
    for (const key of [
      'assumeRoleArn',
      'cloudFormationExecutionRoleArn',
      'requiresBootstrapStackVersion',
      'stackTemplateAssetObjectUrl',
    ])
      expect(properties).not.toHaveProperty(key);
    expect(readdirSync(outdir).filter((f) => f.endsWith('.assets.json'))).toEqual([]);
    expect(cloudAssembly.missing).toBeUndefined();
  });

  it.each(ENVIRONMENTS)('keeps the %s template within the inline TemplateBody limit', (env) => {
    // Prepare
    const desired = manifest(env);
    // Act
    const { bytes } = synthesizePlatform(desired);
    // Assess
    expect(TEMPLATE_BODY_LIMIT).toBe(51_200);
    expect(bytes).toBeLessThan(TEMPLATE_BODY_LIMIT);
  });

  it('writes no validation report with validation off', () => {
    // Prepare
    const desired = manifest('dev');
    // Act
    synthesizePlatform(desired, { outdir });
    // Assess
    expect(existsSync(join(outdir, 'validation-report.json'))).toBe(false);
  });

  it.each(ENVIRONMENTS)(
    'passes CloudFormation validation for %s with no errors or warnings',
    (env) => {
      // Prepare
      const desired = manifest(env);
      // Act
      const { validation } = synthesizePlatform(desired, { validate: true });
      // Assess
      expect(validation?.warnings).toEqual([]);
      // The one accepted finding: the manifest names the zones (see Network).
      expect(new Set(validation?.acknowledged.map((f) => f.rule))).toEqual(new Set(['W3010']));
    },
  );

  it('fails validation on an engine version RDS does not offer', () => {
    // Prepare
    const desired = manifest('dev', ['engineVersion: "16.4"', 'engineVersion: "16.99"']);
    // Act
    const error = (() => {
      try {
        synthesizePlatform(desired, { validate: true });
      } catch (e) {
        return e;
      }
    })();
    // Assess
    expect(error).toBeInstanceOf(PlatformValidationError);
    expect((error as PlatformValidationError).errors.map((e) => e.rule)).toEqual(['E9006']);
    expect((error as Error).message).toMatch(/E9006 EngineVersion: '16\.99'/);
  });
});

describe('InlineTemplateSynthesizer', () => {
  it('refuses file and Docker image assets with a message naming the stack', () => {
    // Prepare
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'plumbline-inline-')) });
    const stack = new Stack(app, 'Probe', { synthesizer: inlineTemplateSynthesizer() });
    // Act
    const file = () =>
      stack.synthesizer.addFileAsset({
        sourceHash: 'abc',
        fileName: 'handler.zip',
        packaging: FileAssetPackaging.FILE,
      });
    const image = () =>
      stack.synthesizer.addDockerImageAsset({ sourceHash: 'def', directoryName: '.' });
    // Assess
    expect(file).toThrow(AssetsNotSupportedError);
    expect(file).toThrow(/stack Probe cannot take the file asset "abc"/);
    expect(image).toThrow(/stack Probe cannot take the Docker image asset "def"/);
    rmSync(app.outdir, { recursive: true, force: true });
  });
});
