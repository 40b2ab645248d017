import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/**
 * Debian's Chromium, run headless and offline: no GPU, no sandbox (CI runs as root), and none of
 * the background traffic (component updates, sync, QUIC probes) a fresh profile would start.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/**
 * The Chromium on PATH. Never a downloaded browser build: the machines reach package registries
 * only, so the browser comes from Debian's package. Missing, it fails the test with how to install
 * it rather than skipping it. `env` is the environment whose PATH is searched.
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  let path = '';
  try {
    path = execFileSync('/bin/sh', ['-c', 'command -v chromium'], { encoding: 'utf8', env }).trim();
  } catch {
    // `command -v` exits non-zero when nothing is found; reported below.
  }
  if (path === '') {
    throw new Error(
      'Chromium is not installed, and the HTML report browser tests need it. Install it with ' +
        "`apt-get update && apt-get install -y chromium` (Debian's package; .ci/run does this in CI).",
    );
  }
  return path;
}

/** A browser on a fresh, throwaway profile. */
export interface LaunchedBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Debian's Chromium headless through playwright-core, with a new user data dir. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const executablePath = chromiumPath();
  const userDataDir = mkdtempSync(join(tmpdir(), 'plumbline-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 900 },
  });
  // An element that never appears fails its test in seconds, well inside jest's own timeout.
  context.setDefaultTimeout(10_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
