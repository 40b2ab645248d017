import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib/core';
import { ManifestInvalidError } from '../../controller/model/errors.js';
import { parseManifest } from '../../controller/model/parse-manifest.js';
import { addControllerStack } from '../controller/from-context.js';
import { inlineTemplateSynthesizer } from '../inline-template-synthesizer.js';
import { PlatformStack, platformStackName } from '../platform-stack.js';

// `cdk synth` entry point: the platform stack of $PLUMBLINE_ENV (default dev) from its manifest,
// and the controller's own stack (`cdk deploy plumbline-controller -c githubRepository=owner/name`).
const env = process.env.PLUMBLINE_ENV ?? 'dev';
const file = `desired-state/environments/${env}.yaml`;
const parsed = parseManifest(readFileSync(file, 'utf8'), file, { expectedEnvironment: env });
if (!parsed.ok) throw new ManifestInvalidError(parsed.errors);

// No analytics resource, so the template matches what `synthesizePlatform` deploys.
const app = new App({ analyticsReporting: false });
new PlatformStack(app, platformStackName(parsed.value), {
  desired: parsed.value,
  synthesizer: inlineTemplateSynthesizer(),
});
addControllerStack(app, { manifestDir: 'desired-state/environments' });
app.synth();
