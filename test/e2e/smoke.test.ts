import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/test-app.js';
import { launchChromium, newContext, screenshot, startWebApp } from './support/browser.js';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startWebApp();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('the web app served by the API', () => {
  it('serves pages, GraphQL and health on one port', async () => {
    const page = await fetch(`${app.url}/sign-in`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div style="display: contents">');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const graphql = await app.request('{ __typename }');
    expect(graphql.data).toEqual({ __typename: 'Query' });
  });

  it('sends a signed-out visitor to sign-in, and signs up in English when the browser prefers it', async () => {
    const { context, errors } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/sign-in\?next=%2F$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('link', { name: 'Create an organization' }).click();
    await page.getByLabel('Organization name').fill('Smoke Test Co');
    await page.getByLabel('Your name').fill('Ada');
    await page.getByLabel('E-mail').fill('ada@example.com');
    await page.getByLabel(/^Password/).fill('correct horse battery');
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await page.waitForURL(`${app.url}/`);
    await page.getByText('Smoke Test Co').first().waitFor();
    // The language switch changes every label at once and is remembered.
    await page.getByLabel('Language / 语言').selectOption('zh-CN');
    await page.getByRole('link', { name: '商品' }).waitFor();
    await screenshot(page, '00-overview-zh');
    expect(errors).toEqual([]);
    await context.close();
  });
});
