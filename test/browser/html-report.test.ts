// biome-ignore-all lint/performance/useDomNodeTextContent: these are Playwright locators, not DOM nodes; innerText is the rendered text a person sees, which is what the assertions are about.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { renderHtml } from '../../controller/core/render/html.js';
import type { DriftReport } from '../../controller/model/report.js';
import {
  driftedReport,
  HOSTILE,
  hostileReport,
  inSyncReport,
  sharedErrorReport,
} from '../fixtures/drift-reports.js';
import { chromiumPath, type LaunchedBrowser, launchChromium } from './chromium.js';

// Rendered pages and screenshots stay on disk after the run, for people to open (gitignored).
const ARTIFACTS = join(__dirname, '../../test-artifacts');
const PAGES_DIR = join(ARTIFACTS, 'html-reports');
const SCREENSHOTS_DIR = join(ARTIFACTS, 'screenshots');

const DESKTOP = { width: 1280, height: 900 } as const;
const PHONE = { width: 375, height: 812 } as const;

const REPORTS: Readonly<Record<string, DriftReport>> = {
  'in-sync': inSyncReport(),
  drifted: driftedReport(),
  'shared-error': sharedErrorReport(),
  hostile: hostileReport(),
};

/** The hostile page with its Content-Security-Policy removed: escaping alone must hold. */
const HOSTILE_WITHOUT_CSP = renderHtml(hostileReport()).replace(
  /<meta http-equiv="Content-Security-Policy"[^>]*>/,
  '',
);

/** Elements none of the reports contains, so any of them in the DOM came from a value. */
const FOREIGN_ELEMENTS = 'script, img, svg, iframe, object, embed, link, base, form, b';

interface Opened {
  readonly page: Page;
  /** Dialogs opened, console errors and uncaught page errors, in order. */
  readonly events: string[];
}

let browser: LaunchedBrowser;

function pageFile(name: string): string {
  return join(PAGES_DIR, `${name}.html`);
}

async function open(name: string, viewport: { width: number; height: number }): Promise<Opened> {
  const page = await browser.context.newPage();
  const events: string[] = [];
  page.on('dialog', (d) => {
    events.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') events.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => events.push(`pageerror: ${e.message}`));
  await page.setViewportSize(viewport);
  await page.goto(pathToFileURL(pageFile(name)).href, { waitUntil: 'load' });
  return { page, events };
}

// Page-side code is passed as source text: it runs in the browser, and the project's type-check
// has no DOM library to check it against.

/** Markers the hostile payloads set when they run. */
function markers(page: Page): Promise<unknown> {
  return page.evaluate('[window.__xss, window.__csp]');
}

/** Elements that are not the report's own, and attributes that would run script (`on*`). */
function injected(page: Page): Promise<unknown> {
  return page.evaluate(`({
    elements: [...document.querySelectorAll(${JSON.stringify(FOREIGN_ELEMENTS)})].map((e) =>
      e.tagName.toLowerCase()),
    handlers: [...document.querySelectorAll('*')].flatMap((e) =>
      e.getAttributeNames().filter((a) => a.toLowerCase().startsWith('on'))),
  })`);
}

/** Width of a PNG from its IHDR chunk. */
function pngWidth(file: string): number {
  return readFileSync(file).readUInt32BE(16);
}

beforeAll(async () => {
  mkdirSync(PAGES_DIR, { recursive: true });
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  for (const [name, report] of Object.entries(REPORTS)) {
    writeFileSync(pageFile(name), renderHtml(report));
  }
  writeFileSync(pageFile('hostile-without-csp'), HOSTILE_WITHOUT_CSP);
  // A script placed in an otherwise genuine report, to show the CSP itself stops one.
  writeFileSync(
    pageFile('injected-script'),
    renderHtml(inSyncReport()).replace('<main>', "<main><script>window.__csp='ran'</script>"),
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('HTML drift report in Chromium', () => {
  it('shows an in-sync report with its facts and no drift cards', async () => {
    // Act
    const { page, events } = await open('in-sync', DESKTOP);
    // Assess
    expect(await page.title()).toBe('Plumbline drift report: staging (in sync)');
    expect(await page.locator('h1').innerText()).toBe('staging');
    expect(await page.locator('.badge.status').innerText()).toBe('In sync');
    expect(await page.locator('.badge.worst').count()).toBe(0);
    expect(await page.locator('.facts').innerText()).toBe(
      'REF\nrefs/heads/main@4f2c9a1\nSCANNED\n2026-11-21 10:00:00 UTC\nAPI CALLS\n7\nDURATION\n412 ms',
    );
    expect(await page.locator('.drift').count()).toBe(0);
    expect(await page.locator('.counts').count()).toBe(0);
    expect(await page.locator('.note').innerText()).toBe(
      'Everything declared matches the live state.',
    );
    expect(events).toEqual([]);
    await page.close();
  });

  it('shows one card per drift, worst resource first, declared and live side by side', async () => {
    // Act
    const { page, events } = await open('drifted', DESKTOP);
    const cards = await page.$$eval('.resource', (sections) =>
      sections.flatMap((s) =>
        [...s.querySelectorAll('.drift')].map((d) => [
          s.querySelector('h2 .name')?.textContent,
          d.querySelector('.badge')?.textContent,
          d.querySelector('.action')?.textContent,
          d.querySelector('.path')?.textContent,
          d.querySelector('.declared .value')?.textContent,
          d.querySelector('.live .value')?.textContent,
          d.querySelector('.changed-by .who')?.textContent,
        ]),
      ),
    );
    // Assess
    expect(await page.locator('.badge.status').innerText()).toBe('Drifted');
    expect(await page.locator('.badge.worst').innerText()).toBe('Worst P0 · page now');
    expect(await page.locator('.counts').innerText()).toBe('5 drifts on 4 resources');
    expect(cards).toEqual([
      [
        'prod-postgres',
        'P0',
        'update',
        'database.publiclyAccessible',
        'false',
        'true',
        'arn:aws:iam::222222222222:user/bob · ModifyDBInstance · 2026-11-21 08:02:55 UTC',
      ],
      [
        'prod-api',
        'P1',
        'update',
        'services.api.image',
        'public.ecr.aws/plumbline/task-api:1.0.0',
        'public.ecr.aws/plumbline/task-api:1.0.1-hotfix',
        'unknown',
      ],
      [
        'prod-api',
        'P2',
        'update',
        'services.api.desiredCount',
        '3..10',
        '20',
        'arn:aws:sts::222222222222:assumed-role/OnCall/alice@example.com · UpdateService · 2026-11-21 09:41:07 UTC',
      ],
      [
        'prod-api',
        'P1',
        'update',
        'loadBalancer.targetGroups.api.healthCheck.path',
        '/health',
        'absent',
        'unknown',
      ],
      [
        'prod-debug-shell',
        'P3',
        'delete',
        'services.prod-debug-shell',
        'absent',
        'present',
        'unknown',
      ],
    ]);
    expect(await page.locator('.resource h2 .kind').allInnerTexts()).toEqual([
      'rds-instance',
      'ecs-service',
      'target-group',
      'ecs-service',
    ]);
    expect(events).toEqual([]);
    await page.close();
  });

  it('keeps declared and live side by side on a 375 px wide phone', async () => {
    // Act
    const { page } = await open('drifted', PHONE);
    const layout = await page.$$eval('.drift', (cards) =>
      cards.map((c) => {
        const d = c.querySelector('.declared')?.getBoundingClientRect();
        const l = c.querySelector('.live')?.getBoundingClientRect();
        return d && l ? { sameRow: d.top === l.top, liveRightOfDeclared: l.left >= d.right } : null;
      }),
    );
    // Assess
    expect(layout).toEqual(Array(5).fill({ sameRow: true, liveRightOfDeclared: true }));
    await page.close();
  });

  it('states a shared error once and lists every unchecked resource', async () => {
    // Act
    const { page, events } = await open('shared-error', DESKTOP);
    const body = await page.locator('body').innerText();
    // Assess
    expect(await page.locator('.badge.status').innerText()).toBe('Error');
    expect(await page.locator('.error-line').innerText()).toBe(
      'Error: the AWS session has expired (ExpiredToken): sign in again',
    );
    expect(body.split('the AWS session has expired').length - 1).toBe(1);
    expect(await page.locator('.unchecked li').allInnerTexts()).toEqual([
      'ecs-service dev-api (services.api)',
      'ecs-service dev-worker (services.worker)',
      'rds-instance dev-postgres (database)',
    ]);
    expect(await page.locator('.counts').innerText()).toBe('3 unchecked');
    expect(events).toEqual([]);
    await page.close();
  });

  it('shows hostile payloads as visible text and runs none of them', async () => {
    // Act
    const { page, events } = await open('hostile', DESKTOP);
    const body = await page.locator('body').innerText();
    // Assess
    expect(await page.locator('h1').innerText()).toBe(`prod${HOSTILE.attributeBreakout}`);
    expect(await page.locator('.ref').innerText()).toBe(HOSTILE.styleBreakout);
    expect(await page.locator('.live .value').first().innerText()).toBe(HOSTILE.scriptTag);
    expect(await page.locator('.declared .value').first().innerText()).toBe(HOSTILE.entities);
    expect(await page.locator('.resource h2 .name').innerText()).toBe(HOSTILE.imgOnerror);
    expect(await page.locator('.unchecked .reason').innerText()).toBe(HOSTILE.iframe);
    for (const payload of Object.values(HOSTILE)) expect(body).toContain(payload);
    expect(await markers(page)).toEqual([undefined, undefined]);
    expect(await injected(page)).toEqual({ elements: [], handlers: [] });
    expect(events).toEqual([]);
    await page.close();
  });

  it('runs none of the hostile payloads even without its Content-Security-Policy', async () => {
    // Act
    const { page, events } = await open('hostile-without-csp', DESKTOP);
    // Assess
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(0);
    expect(await markers(page)).toEqual([undefined, undefined]);
    expect(events).toEqual([]);
    expect(await injected(page)).toEqual({ elements: [], handlers: [] });
    expect(await page.locator('.live .value').first().innerText()).toBe(HOSTILE.scriptTag);
    await page.close();
  });

  it('blocks a script placed in the page through its Content-Security-Policy', async () => {
    // Act
    const { page, events } = await open('injected-script', DESKTOP);
    // Assess
    expect(await page.locator('script').count()).toBe(1);
    expect(await markers(page)).toEqual([undefined, undefined]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatch(/^console: .*Content Security Policy/);
    await page.close();
  });

  it.each(Object.keys(REPORTS))(
    'fits the %s report on a 375 px wide screen and saves screenshots',
    async (name) => {
      // Prepare
      const desktopShot = join(SCREENSHOTS_DIR, `${name}-1280x900.png`);
      const phoneShot = join(SCREENSHOTS_DIR, `${name}-375x812.png`);
      // Act
      const desktop = await open(name, DESKTOP);
      await desktop.page.screenshot({ path: desktopShot, fullPage: true });
      const phone = await open(name, PHONE);
      await phone.page.screenshot({ path: phoneShot, fullPage: true });
      const scrollWidth = await phone.page.evaluate('document.documentElement.scrollWidth');
      // Assess
      expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
      expect(pngWidth(desktopShot)).toBe(DESKTOP.width);
      expect(pngWidth(phoneShot)).toBe(PHONE.width);
      expect([...desktop.events, ...phone.events]).toEqual([]);
      await desktop.page.close();
      await phone.page.close();
    },
  );
});

describe('chromiumPath', () => {
  it('fails with how to install Chromium when none is on PATH', () => {
    // Prepare
    const env = { PATH: join(ARTIFACTS, 'no-such-dir') };
    // Act and assess
    expect(() => chromiumPath(env)).toThrow(
      new Error(
        'Chromium is not installed, and the HTML report browser tests need it. Install it with ' +
          "`apt-get update && apt-get install -y chromium` (Debian's package; .ci/run does this in CI).",
      ),
    );
  });
});
