import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../bin/cli.js';
import type { CliIo } from '../../bin/io.js';

const ELBV2_AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=test/20261121/eu-west-1/elasticloadbalancing/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000';

/**
 * Runs `plumbline sandbox ...args` in-process, sends it 11 CreateLoadBalancer calls (ELBv2's
 * resource-intensive bucket holds 10 and makes a token every 5 s, so the burst outlasts a slow
 * machine), stops it, and returns the error code of each answer and the exit code. The calls name
 * no subnets, so the admitted ones fail validation.
 */
async function burstAgainstSandbox(args: string[]) {
  const data = mkdtempSync(join(tmpdir(), 'plumbline-sandbox-quotas-'));
  let out = '';
  let stop = () => {};
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    listening = resolve;
  });
  const io: CliIo = {
    stdout: (t) => {
      out += t;
      const match = /sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) listening(match[1]);
    },
    stderr: (t) => {
      out += t;
    },
    env: process.env,
    isTTY: false,
    untilStopped: () =>
      new Promise((resolve) => {
        stop = resolve;
      }),
  };
  const exit = runCli(['sandbox', '--port', '0', '--data', data, ...args], io);
  const endpoint = await url;
  const codes: string[] = [];
  for (let i = 0; i < 11; i++) {
    const response = await fetch(`${endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: ELBV2_AUTHORIZATION,
      },
      body: `Action=CreateLoadBalancer&Version=2015-12-01&Name=lb-${i}`,
    });
    codes.push(/<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1] ?? String(response.status));
  }
  stop();
  const code = await exit;
  rmSync(data, { recursive: true, force: true });
  return { codes, code, out };
}

describe('plumbline sandbox --quotas', () => {
  it('throttles like AWS with --quotas aws', async () => {
    // Prepare
    const args = ['--quotas', 'aws'];

    // Act
    const run = await burstAgainstSandbox(args);

    // Assess
    expect(run.code).toBe(0);
    expect(run.codes.slice(0, 10)).not.toContain('Throttling');
    expect(run.codes[10]).toBe('Throttling');
    expect(run.out).toContain(
      'throttling like AWS: documented request buckets per account and region',
    );
  });

  it('never throttles by default', async () => {
    // Prepare
    const args: string[] = [];

    // Act
    const run = await burstAgainstSandbox(args);

    // Assess
    expect(run.codes).not.toContain('Throttling');
    expect(run.codes).toHaveLength(11);
  });

  it('rejects an unknown quota mode', async () => {
    // Prepare
    let err = '';
    const io: CliIo = {
      stdout: () => {},
      stderr: (t) => {
        err += t;
      },
      env: process.env,
      isTTY: false,
      untilStopped: async () => {},
    };

    // Act
    const code = await runCli(['sandbox', '--quotas', 'strict'], io);

    // Assess
    expect(code).toBe(1);
    expect(err).toContain("argument 'strict' is invalid. Allowed choices are off, aws.");
  });
});
