import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixtureRepo } from '../sandbox/github/fixture-repo.js';

describe('plumbline sandbox --repo-dir --github-token', () => {
  it('serves the given repository under $GITHUB_REPOSITORY to the given token', async () => {
    // Prepare
    const repo = createFixtureRepo();
    const data = mkdtempSync(join(tmpdir(), 'plumbline-sandbox-'));
    const child = spawn(
      process.execPath,
      [
        'bin/plumbline.js',
        'sandbox',
        '--port',
        '0',
        '--data',
        data,
        '--repo-dir',
        repo.dir,
        '--github-token',
        'cli-token',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GITHUB_REPOSITORY: 'acme/cli' } },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match =
          /GITHUB_API_URL=(http:\/\/127\.0\.0\.1:\d+\/github) GITHUB_REPOSITORY=acme\/cli/.exec(
            out,
          );
        if (match?.[1]) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });

    // Act
    const served = await fetch(`${url}/repos/acme/cli/commits/main`, {
      headers: { authorization: 'token cli-token' },
    });
    const refused = await fetch(`${url}/repos/acme/cli/commits/main`, {
      headers: { authorization: 'token sandbox-token' },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');

    // Assess
    expect(served.status).toBe(200);
    expect(((await served.json()) as { sha: string }).sha).toBe(repo.main);
    expect(refused.status).toBe(401);
    expect(await exited).toBe(0);
    rmSync(data, { recursive: true, force: true });
    repo.remove();
  });
});
