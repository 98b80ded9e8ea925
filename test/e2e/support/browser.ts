import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { WebHandler } from '@broadcart/api';
import { startTestApp, type TestApp, type TestAppOptions } from '../../support/test-app.js';
import { WEB_HANDLER } from './web-build.js';

const require = createRequire(import.meta.url);

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH overrides it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go: E2E_ARTIFACTS_DIR, or test/e2e/artifacts (not committed). */
export const ARTIFACTS_DIR = process.env.E2E_ARTIFACTS_DIR ?? fileURLToPath(new URL('../artifacts/', import.meta.url));

/** The API with the built web app mounted on one port, as `npm start` serves them. */
export async function startWebApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { handler } = (await import(WEB_HANDLER)) as { handler: WebHandler };
  return startTestApp({ actorCacheTtlMs: 5_000, ...options, web: handler });
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--force-color-profile=srgb'],
  });
}

/** A browser context in the given language, failing the test on page errors. */
export async function newContext(browser: Browser, options: { locale?: string; width?: number; height?: number } = {}): Promise<{ context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
  });
  const errors: string[] = [];
  context.on('weberror', (error) => errors.push(error.error().message));
  return { context, errors };
}

/**
 * Saves a full-page screenshot as a test artifact, named `<step>.png`. Entrance animations (an
 * overlay card fading in) are run to their end first, so the picture shows the settled page.
 */
export async function screenshot(page: Page, step: string, options: { fullPage?: boolean; omitBackground?: boolean } = {}): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${step}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true, omitBackground: options.omitBackground ?? false, animations: 'disabled' });
  return file;
}
