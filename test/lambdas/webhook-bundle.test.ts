import { bundleLambda } from '../../bench/lambda-bundle.js';

/** The webhook must start fast: it answers GitHub within 10 seconds, cold starts included. */
const MAX_BUNDLE_BYTES = 300 * 1024;

describe('webhook bundle', () => {
  it('stays small and holds none of the rollout, scan, CDK or GitHub REST code', async () => {
    // Act: bundled as the stack bundles the Lambdas, the AWS SDK left to the runtime
    const { bytes, inputs } = await bundleLambda('lambdas/webhook.ts');
    // Assess
    expect(bytes).toBeLessThan(MAX_BUNDLE_BYTES);
    const forbidden = inputs.filter((path) =>
      /node_modules\/(aws-cdk-lib|constructs|@octokit\/(rest|core|request)|yaml)\/|controller\/flows\/(rollout|scan|reconcile)|^stacks\/|^bin\//.test(
        path,
      ),
    );
    expect(forbidden).toEqual([]);
    expect(inputs).toContain('controller/flows/receive-webhook.ts');
  });
});
