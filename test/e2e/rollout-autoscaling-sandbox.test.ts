import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { cdkSynthesizer } from '../../bin/cdk-synthesizer.js';
import { resolveConfig } from '../../bin/config.js';
import { Wiring } from '../../bin/wiring.js';
import { rollout } from '../../controller/flows/rollout.js';
import type { DesiredState } from '../../controller/model/manifest.js';
import type { RolloutOutcome } from '../../controller/model/rollout-outcome.js';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import { driftJson } from './cli-harness.js';
import { ManifestWorkspace, rolloutJson } from './rollout-harness.js';
import { resetSandbox } from './sandbox-admin.js';

let sandbox: Sandbox;
let ecs: ECSClient;
let ws: ManifestWorkspace;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, stepDelayMs: 1 });
  ecs = new ECSClient({ endpoint: sandbox.url, region: 'eu-west-1' });
});

afterAll(async () => {
  ecs.destroy();
  await sandbox.close();
});

beforeEach(async () => {
  await resetSandbox(sandbox.url);
  ws = new ManifestWorkspace();
});

afterEach(() => ws.remove());

/** The live dev-api service. */
const api = async () =>
  (await ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['dev-api'] })))
    .services?.[0];

/** The environment variables of the task definition dev-api runs. */
const apiEnvironment = async () => {
  const { taskDefinition } = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: (await api())?.taskDefinition }),
  );
  return taskDefinition?.containerDefinitions?.[0]?.environment ?? [];
};

/**
 * dev with the API auto-scaled over 1..3 tasks, created by a rollout; then an operator scales the
 * API to 2 by hand, and the manifest gains an environment variable for it (an unrelated change).
 */
async function createThenScaleByHandThenEdit(): Promise<void> {
  ws.edit('dev', /^( {6}max:) 2 # room for one deploy.*$/m, '$1 3');
  const created = await rolloutJson(sandbox.url, 'dev', ws.dir);
  if (created.outcome.result !== 'succeeded')
    throw new Error(`creating dev failed: ${created.outcome.error}`);
  await ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'dev-api', desiredCount: 2 }));
  ws.edit('dev', '      PORT: "8080"\n', '      PORT: "8080"\n      FEATURE_FLAGS: search\n');
}

/** Rolls dev out with the template of a first create, whatever the stack's state. */
async function rolloutWithCreateTemplate(): Promise<RolloutOutcome> {
  const wiring = new Wiring(
    resolveConfig({ endpoint: sandbox.url, dir: ws.dir }, process.env),
    cdkSynthesizer,
  );
  try {
    const deps = {
      ...wiring.rolloutDeps(await wiring.lockStore('dev')),
      synthesizer: {
        stackName: cdkSynthesizer.stackName,
        synthesize: (desired: DesiredState) =>
          cdkSynthesizer.synthesize(desired, { stackExists: false }),
      },
    };
    return await rollout(deps, { env: 'dev', owner: 'test:create-template' });
  } finally {
    wiring.close();
  }
}

describe('rollouts and auto-scaling against the sandbox, through the real SDK', () => {
  it('keeps the count an auto-scaled service runs at through an unrelated rollout', async () => {
    // Prepare
    await createThenScaleByHandThenEdit();

    // Act
    const { code, outcome } = await rolloutJson(sandbox.url, 'dev', ws.dir);

    // Assess
    expect(outcome).toMatchObject({ result: 'succeeded', stackStatus: 'UPDATE_COMPLETE' });
    expect(code).toBe(0);
    expect(await apiEnvironment()).toContainEqual({ name: 'FEATURE_FLAGS', value: 'search' });
    expect(await api()).toMatchObject({ desiredCount: 2, runningCount: 2 });
    const drift = await driftJson(sandbox.url, 'dev', ws.dir);
    expect(drift.report.drifts.filter((d) => d.resource.name === 'dev-api')).toEqual([]);
    expect(drift.report.status).toBe('in-sync');
    expect(drift.code).toBe(0);
  });

  it('resets that count to the template’s when the template of an update declares it, as CloudFormation does', async () => {
    // Prepare
    await createThenScaleByHandThenEdit();

    // Act
    const outcome = await rolloutWithCreateTemplate();

    // Assess
    expect(outcome).toMatchObject({ result: 'succeeded', stackStatus: 'UPDATE_COMPLETE' });
    expect(await apiEnvironment()).toContainEqual({ name: 'FEATURE_FLAGS', value: 'search' });
    expect(await api()).toMatchObject({ desiredCount: 1, runningCount: 1 });
  });
});
