import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ingestAccepted } from '../support/ingest.js';
import { mutate } from '../support/seed.js';
import type { TestApp } from '../support/test-app.js';
import { launchChromium, newContext, screenshot, startWebApp } from './support/browser.js';
import { addMinutes, zonedDateValue, zonedInputValue } from './support/zoned-time.js';

// One operator's whole show, driven through the UI in Chinese (the product's first language):
// sign up, catalogue, host, campaign, session plan, go live with the demo audience, a giveaway on
// the OBS overlay, segment changes (also across a dropped connection), the end and the review.
// Only what a platform would send (audience comments) goes through the API directly.

// The API's demo organization is the one owned by this address; only it may run the simulator.
const OPERATOR = { email: 'demo@broadcart.dev', password: 'broadcart-e2e-show', name: '林晓', organization: '星河美妆直播间' };
const PRODUCTS = [
  { title: '玻尿酸补水面膜 10 片装', sku: 'MASK-HA-10', price: '89', stock: '500', point: '一片顶三瓶精华,熬夜急救' },
  { title: '丝绒雾面口红 #16', sku: 'LIP-VEL-16', price: '129.9', stock: '300', point: '持妆 8 小时不拔干' },
] as const;
const HOST = { name: '小鹿', styles: '专业测评, 快节奏', audience: '学生党, 敏感肌', languages: 'zh-CN', fee: '3500' };
const CAMPAIGN = { name: '双十二美妆节', note: '护肤加彩妆连播三天', budget: '300000' };
const GOAL = { title: '双十二成交 ¥150万', target: '1500000' };
const SESSION_TITLE = '双十二美妆节主场';
const SEGMENTS = [
  { title: '面膜讲解', product: PRODUCTS[0], point: '现场上脸演示补水效果' },
  { title: '口红试色', product: PRODUCTS[1], point: '黄皮白皮都能驾驭' },
] as const;
const KEYWORD = '抢福袋';

let app: TestApp;
let browser: Browser;
let operator: { context: BrowserContext; errors: string[]; page: Page };
let overlay: { context: BrowserContext; errors: string[]; page: Page };
let token: string;
let sessionId: string;
let overlayUrls: { landscape: string; vertical: string };
// Every TCP connection to the app, so the reconnect step can drop them all as a network would.
const sockets = new Set<Socket>();
// Full loads of the overlay page after the first: OBS would show a blank frame on each.
const overlayLoads: string[] = [];

beforeAll(async () => {
  app = await startWebApp();
  app.app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  browser = await launchChromium();
  const { context, errors } = await newContext(browser, { locale: 'zh-CN' });
  context.setDefaultTimeout(15_000);
  operator = { context, errors, page: await context.newPage() };
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name, exact: true }).click();

/** The number a live metric tile shows (`data-metric` is the tile's key). */
async function tileValue(page: Page, metric: string): Promise<number> {
  const text = await page.locator(`[data-metric="${metric}"] .value`).innerText();
  return Number(text.replace(/[^\d.]/g, '')) * (text.includes('万') ? 10_000 : 1);
}

/** The overlay's product card (its accessible name is the product's title). */
const productCard = (page: Page, title: string): Locator => page.getByRole('article', { name: title });

// The steps build on each other: once one fails, the rest are skipped rather than failing on its leftovers.
let broken = false;
function step(name: string, run: () => Promise<void>): void {
  it(name, async (context) => {
    if (broken) context.skip();
    try {
      await run();
    } catch (error) {
      broken = true;
      // What the operator's page showed when the step gave up.
      if (operator) await screenshot(operator.page, `failed-${name}`).catch(() => undefined);
      if (overlay) await screenshot(overlay.page, `failed-overlay-${name}`, { fullPage: false }).catch(() => undefined);
      throw error;
    }
  });
}

describe('a whole show in Chromium', () => {
  step('signs up as the demo organization and lands on the overview', async () => {
    const { page } = operator;
    await page.goto(`${app.url}/sign-up`);
    await page.getByRole('heading', { name: '创建你的组织' }).waitFor();
    await page.getByLabel('组织名称').fill(OPERATOR.organization);
    await page.getByLabel('你的名字').fill(OPERATOR.name);
    await page.getByLabel('邮箱').fill(OPERATOR.email);
    await page.getByLabel(/^密码/).fill(OPERATOR.password);
    await page.getByRole('button', { name: '创建并登录' }).click();
    await page.waitForURL(`${app.url}/`);
    await page.getByRole('heading', { name: '概览', exact: true }).waitFor();
    await page.getByText(OPERATOR.organization).first().waitFor();
    await screenshot(page, '01-overview');

    // The platform side (audience comments) needs the operator's token, as a connector would have.
    token = (await mutate(app, null, 'signIn', { email: OPERATOR.email, password: OPERATOR.password }, 'token')).token;
    expect(token).toBeTruthy();
  });

  step('adds two products to the catalogue', async () => {
    const { page } = operator;
    await nav(page, '商品');
    await page.getByRole('status').filter({ hasText: '还没有商品' }).waitFor();
    for (const product of PRODUCTS) {
      await page.getByRole('button', { name: '新建商品' }).click();
      await page.getByLabel('商品标题').fill(product.title);
      await page.getByLabel('SKU 货号').fill(product.sku);
      await page.getByLabel(/^售价/).fill(product.price);
      await page.getByLabel('库存（件）').fill(product.stock);
      await page.getByRole('textbox', { name: '卖点 1', exact: true }).fill(product.point);
      await page.getByRole('button', { name: '创建商品' }).click();
      await page.getByRole('status').filter({ hasText: `已创建「${product.title}」` }).waitFor();
    }
    const rows = page.getByRole('table').getByRole('row');
    await rows.filter({ hasText: PRODUCTS[0].title }).filter({ hasText: '¥89.00' }).waitFor();
    await rows.filter({ hasText: PRODUCTS[1].title }).filter({ hasText: '¥129.90' }).waitFor();
    await page.getByText('共 2 个商品').waitFor();
    await screenshot(page, '02-products');
  });

  step('adds a host and opens the host page', async () => {
    const { page } = operator;
    await nav(page, '主播');
    await page.getByRole('button', { name: '新建主播' }).click();
    await page.getByLabel('姓名/昵称').fill(HOST.name);
    await page.getByLabel('讲解风格').fill(HOST.styles);
    await page.getByLabel('粉丝人群').fill(HOST.audience);
    await page.getByRole('dialog').getByLabel(/^语言/).fill(HOST.languages);
    await page.getByLabel(/^每小时坑位费/).fill(HOST.fee);
    await page.getByRole('button', { name: '创建主播' }).click();
    await page.waitForURL(/\/hosts\/[^/]+$/);
    await page.getByRole('heading', { name: HOST.name }).first().waitFor();
    await screenshot(page, '03-host-page');

    await nav(page, '主播');
    await page.getByRole('table').getByRole('link', { name: HOST.name }).waitFor();
    await screenshot(page, '03-hosts');
  });

  step('plans a campaign with a GMV goal in its goal tree', async () => {
    const { page } = operator;
    const now = new Date();
    await nav(page, '营销活动');
    await page.getByRole('button', { name: '新建活动' }).click();
    await page.getByLabel('活动名称').fill(CAMPAIGN.name);
    await page.getByLabel('活动主题').selectOption('SHOPPING_FESTIVAL');
    await page.getByLabel('主题说明').fill(CAMPAIGN.note);
    await page.getByLabel('开始时间').fill(`${zonedDateValue(now)}T00:00`);
    await page.getByLabel('结束时间').fill(`${zonedDateValue(addMinutes(now, 14 * 24 * 60))}T23:59`);
    await page.getByLabel(/^预算/).fill(CAMPAIGN.budget);
    await page.getByLabel('抖音').check();
    await page.getByRole('button', { name: '创建活动' }).click();
    await page.waitForURL(/\/campaigns\/[^/?]+$/);
    await page.getByRole('heading', { name: CAMPAIGN.name }).waitFor();

    await page.getByRole('button', { name: '添加第一个目标' }).click();
    await page.getByLabel('目标名称').fill(GOAL.title);
    await page.getByLabel('周期').selectOption('MID');
    await page.getByLabel('指标').selectOption('GMV_PAID');
    await page.getByLabel(/^目标值/).fill(GOAL.target);
    await page.getByLabel('截止日期').fill(zonedDateValue(addMinutes(now, 14 * 24 * 60)));
    await page.getByRole('button', { name: '添加目标', exact: true }).click();
    const tree = page.getByRole('region', { name: '目标树' });
    await tree.getByRole('row').filter({ hasText: GOAL.title }).waitFor();
    await expect(tree.getByRole('row').filter({ hasText: GOAL.title }).innerText()).resolves.toMatch(/150/);
    await screenshot(page, '04-campaign-builder');
  });

  step('plans the session: lineup, run of show, host, overlay link, schedule', async () => {
    const { page } = operator;
    const start = addMinutes(new Date(), 10);
    await nav(page, '直播场次');
    await page.getByRole('button', { name: '新建场次' }).first().click();
    await page.getByLabel('场次标题').fill(SESSION_TITLE);
    await page.getByLabel('开播时间').fill(zonedInputValue(start));
    await page.getByLabel('下播时间').fill(zonedInputValue(addMinutes(start, 60)));
    // The campaign runs on the session's date, so the picker lists it first.
    const running = page.getByRole('dialog').locator('optgroup[label="该日期进行中的活动"] option', { hasText: CAMPAIGN.name });
    await page.getByLabel('所属活动').selectOption((await running.getAttribute('value'))!);
    await page.getByRole('button', { name: '创建并排期' }).click();
    await page.waitForURL(/\/sessions\/[^/?]+$/);
    sessionId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByRole('heading', { name: SESSION_TITLE }).waitFor();
    const tabs = page.getByRole('navigation', { name: '排期分区' });

    // Lineup first: a segment pitches products of the lineup.
    await tabs.getByRole('link', { name: /货盘/ }).click();
    await page.getByRole('button', { name: '+ 添加商品' }).click();
    for (const product of PRODUCTS) {
      await page.getByRole('button', { name: `加入 ${product.title}` }).click();
      await page.getByRole('group', { name: '商品' }).getByText('已在货盘').nth(PRODUCTS.indexOf(product)).waitFor();
    }
    await page.getByRole('button', { name: '完成' }).click();
    const lineup = page.getByRole('region', { name: '货盘确认' });
    for (const product of PRODUCTS) await lineup.getByRole('row').filter({ hasText: product.title }).waitFor();
    await screenshot(page, '05-session-lineup');

    await tabs.getByRole('link', { name: /直播脚本/ }).click();
    for (const segment of SEGMENTS) {
      await page.getByRole('button', { name: '+ 添加环节' }).first().click();
      await page.getByLabel('类型').selectOption('PRODUCT_PITCH');
      await page.getByLabel('环节标题').fill(segment.title);
      await page.getByLabel('时长（分：秒）').fill('30:00');
      await page.getByRole('group', { name: '讲解商品' }).getByLabel(segment.product.title).check();
      await page.getByRole('button', { name: '+ 讲解要点' }).click();
      await page.getByRole('textbox', { name: '要点 1', exact: true }).fill(segment.point);
      await page.getByRole('button', { name: '添加环节', exact: true }).click();
      await page.getByRole('region', { name: '直播脚本' }).getByRole('row').filter({ hasText: segment.title }).waitFor();
    }
    await page.getByText('脚本正好排满时段。').waitFor();
    await screenshot(page, '05-session-run-of-show');

    await tabs.getByRole('link', { name: /主播/ }).click();
    await page.getByRole('button', { name: '+ 安排主播' }).click();
    await page.getByRole('button', { name: `安排${HOST.name}` }).click();
    await tabs.getByRole('link', { name: new RegExp(`主播 ${HOST.name}`) }).waitFor();
    await page.getByRole('button', { name: '完成' }).click();
    await screenshot(page, '05-session-hosts');

    await tabs.getByRole('link', { name: /OBS 叠加层/ }).click();
    await page.getByPlaceholder('例如：2 号直播间 OBS').fill('1 号直播间 OBS');
    await page.getByRole('button', { name: '生成链接' }).click();
    overlayUrls = {
      landscape: await page.getByRole('textbox', { name: /^横屏 1920×1080/ }).inputValue(),
      vertical: await page.getByRole('textbox', { name: /^竖屏 720×1280/ }).inputValue(),
    };
    expect(overlayUrls.landscape).toMatch(new RegExp(`^${app.url}/overlay/.+\\?token=.+`));
    expect(overlayUrls.vertical).toContain('layout=vertical');
    await screenshot(page, '05-session-overlay-link');
    await page.getByRole('button', { name: '已复制好' }).click();

    await page.getByRole('button', { name: '确认排期' }).click();
    await page.getByRole('button', { name: '开播' }).waitFor();
    await screenshot(page, '05-session-scheduled');
  });

  step('shows the scheduled session on the calendar and its checklist on the task board', async () => {
    const { page } = operator;
    await page.goto(`${app.url}/calendar?view=week`);
    await page.getByRole('heading', { name: '排期日历' }).waitFor();
    await page.getByText(SESSION_TITLE).first().waitFor();
    await screenshot(page, '06-calendar-week');

    await nav(page, '任务');
    await page.getByRole('heading', { name: '任务', exact: true }).waitFor();
    await page.getByRole('link', { name: SESSION_TITLE }).first().waitFor();
    await screenshot(page, '06-tasks');
  });

  step('goes live and the demo audience moves the numbers in the control room', async () => {
    const { page } = operator;
    await page.goto(`${app.url}/sessions/${encodeURIComponent(sessionId)}`);
    await page.getByRole('button', { name: '开播' }).click();
    await page.getByRole('button', { name: '确认开播' }).click();
    await page.getByRole('link', { name: '进入中控台' }).click();
    await page.waitForURL(/\/live\//);
    await page.getByRole('heading', { name: SESSION_TITLE }).waitFor();

    const before = { online: await tileValue(page, 'online'), likes: await tileValue(page, 'likes'), comments: await tileValue(page, 'comments') };
    expect(before).toEqual({ online: 0, likes: 0, comments: 0 });
    const simulator = page.getByRole('region', { name: '观众模拟器' });
    await simulator.getByLabel('峰值在线').fill('50');
    await simulator.getByLabel('时长（分钟）').fill('2');
    await simulator.getByRole('button', { name: '开始模拟' }).click();
    await simulator.getByText('模拟中').waitFor();

    // The simulated crowd arrives over its first seconds; the tiles follow the metric ticks.
    for (const metric of ['online', 'likes', 'comments'] as const) {
      await expect.poll(() => tileValue(page, metric), { message: `the ${metric} tile`, timeout: 60_000 }).toBeGreaterThan(before[metric]);
    }
    const chart = page.getByRole('img', { name: /在线人数随时间变化的折线图/ });
    await chart.waitFor();
    await chart.locator('canvas').waitFor();
    await screenshot(page, '07-control-room-live');
  });

  step('runs a giveaway that the OBS overlay shows, from keyword to masked winners', async () => {
    const { page } = operator;
    const widget = page.getByRole('region', { name: '抽奖' });
    const form = widget.getByRole('form', { name: '新建抽奖' });
    await form.getByLabel('标题').fill('双十二福袋');
    await form.getByLabel('奖品', { exact: true }).fill('面膜礼盒');
    await form.getByLabel('数量（中奖人数）').fill('2');
    await form.getByLabel('单价（元）').fill('99');
    await form.getByLabel('口令（可选）').fill(KEYWORD);
    await form.getByLabel('手动截止').check();
    await form.getByRole('button', { name: '创建抽奖' }).click();
    const giveaway = widget.getByRole('article', { name: '双十二福袋' });
    await giveaway.getByRole('button', { name: '开始' }).click();
    await giveaway.getByText('进行中').waitFor();

    const { context, errors } = await newContext(browser, { width: 1920, height: 1080 });
    context.setDefaultTimeout(15_000);
    overlay = { context, errors, page: await context.newPage() };
    await overlay.page.goto(overlayUrls.landscape);
    await overlay.page.getByText(KEYWORD).waitFor();
    await overlay.page.getByText('评论口令').waitFor();
    await productCard(overlay.page, SEGMENTS[0].product.title).waitFor();
    // OBS composites the page over the stream: nothing but the cards may paint.
    const backgrounds = await overlay.page.evaluate(() => [document.documentElement, document.body].map((element) => getComputedStyle(element).backgroundColor));
    expect(backgrounds).toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
    await screenshot(overlay.page, '08-overlay-giveaway-open', { fullPage: false, omitBackground: true });

    // Five viewers comment the keyword on the platform (one twice); each enters once.
    const viewers = ['fan-1001', 'fan-1002', 'fan-1003', 'fan-1004', 'fan-1005'];
    const comment = (viewer: string, index: number) => ({ id: `e2e-${index}`, kind: 'COMMENT', occurredAt: new Date().toISOString(), viewer, text: `${KEYWORD}!` });
    await ingestAccepted(app, token, sessionId, [...viewers.map(comment), comment('fan-1001', viewers.length)]);
    await expect.poll(async () => Number((await giveaway.locator('.entrants').innerText()).replace(/\D.*$/s, '')), { timeout: 30_000 }).toBeGreaterThanOrEqual(viewers.length);
    await overlay.page.getByText(/\d+ 人参与/).waitFor();

    await giveaway.getByRole('button', { name: '截止' }).click();
    await giveaway.getByLabel('盐值').fill('e2e-salt-2024');
    await giveaway.getByRole('button', { name: '开奖' }).click();
    await giveaway.getByText('已开奖').waitFor();

    const drawn = await app.gql<{ node: { lotteryGiveaways: { status: string; winners: { rank: number; viewer: { platformUserId: string } }[] }[] } }>(
      `query($id: ID!) { node(id: $id) { ... on LiveSession { lotteryGiveaways { status winners { rank viewer { platformUserId } } } } } }`,
      { id: sessionId },
      token,
    );
    const winners = drawn.node.lotteryGiveaways[0]!.winners;
    expect(winners).toHaveLength(2);
    await overlay.page.getByText('中奖名单').waitFor();
    const shown = overlay.page.getByRole('listitem');
    await expect.poll(() => shown.count()).toBe(2);
    for (const winner of winners) {
      const masked = `***${winner.viewer.platformUserId.slice(-Math.min(4, Math.floor(winner.viewer.platformUserId.length / 2)))}`;
      await shown.filter({ hasText: masked }).waitFor();
      expect(await shown.allInnerTexts()).not.toContain(winner.viewer.platformUserId);
    }
    await screenshot(overlay.page, '08-overlay-winners', { fullPage: false, omitBackground: true });
    await screenshot(page, '08-control-room-giveaway');

    const vertical = await newContext(browser, { width: 720, height: 1280 });
    const verticalPage = await vertical.context.newPage();
    await verticalPage.goto(overlayUrls.vertical);
    await verticalPage.getByText('中奖名单').waitFor();
    await productCard(verticalPage, SEGMENTS[0].product.title).waitFor();
    await screenshot(verticalPage, '08-overlay-vertical', { fullPage: false, omitBackground: true });
    await vertical.context.close();
    expect(vertical.errors).toEqual([]);
  });

  step('moves to the next segment and the overlay card follows without a reload', async () => {
    const { page } = operator;
    overlay.page.on('framenavigated', (frame) => frame === overlay.page.mainFrame() && overlayLoads.push(frame.url()));
    await page.getByRole('button', { name: '下一环节 →' }).click();
    await productCard(overlay.page, SEGMENTS[1].product.title).waitFor();
    await productCard(overlay.page, SEGMENTS[0].product.title).waitFor({ state: 'detached' });
    expect(overlayLoads).toEqual([]);
    await screenshot(overlay.page, '09-overlay-next-segment', { fullPage: false, omitBackground: true });
  });

  step('keeps the overlay updating after every connection to the server drops', async () => {
    const { page } = operator;
    const reread = overlay.page.waitForRequest((request) => request.method() === 'POST' && (request.postData() ?? '').includes('OverlaySession('), { timeout: 30_000 });
    const resubscribed = overlay.page.waitForEvent('websocket', { timeout: 30_000 });
    const dropped = [...sockets];
    expect(dropped.length).toBeGreaterThan(0);
    for (const socket of dropped) socket.destroy();

    // The overlay opens a new socket and reads the session again (what changed while it was away).
    await resubscribed;
    await (await reread).response();
    await page.getByRole('status').filter({ hasText: '实时' }).waitFor({ timeout: 30_000 });
    // The overlay's periodic re-read is a minute away: a change this soon arrives by the new subscription.
    await page.getByRole('button', { name: '← 上一环节' }).click();
    await productCard(overlay.page, SEGMENTS[0].product.title).waitFor({ timeout: 10_000 });
    expect(overlayLoads).toEqual([]);
    // The giveaway widget re-reads too and stops saying it is reconnecting.
    await page.getByRole('region', { name: '抽奖' }).getByText('连接中断，正在重连…').waitFor({ state: 'hidden', timeout: 20_000 });
    await screenshot(overlay.page, '10-overlay-after-reconnect', { fullPage: false, omitBackground: true });
  });

  step('ends the show and reviews it in Chinese and English', async () => {
    const { page } = operator;
    await page.getByRole('button', { name: '结束直播' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认下播' }).click();
    await page.getByText('直播已结束，以下为最终数据。').waitFor();
    await screenshot(page, '11-control-room-ended');

    await page.goto(`${app.url}/sessions/${encodeURIComponent(sessionId)}/review`);
    await page.getByRole('heading', { name: SESSION_TITLE }).waitFor();
    const segments = page.getByRole('region', { name: '直播脚本：计划与实际' });
    for (const segment of SEGMENTS) await segments.getByRole('row').filter({ hasText: segment.title }).waitFor();
    const total = segments.getByRole('row').filter({ hasText: '合计' });
    await total.waitFor();
    const card = (name: string) => page.getByRole('region', { name: '目标达成' }).getByRole('listitem').filter({ hasText: name }).locator('.value');
    expect(Number(await card('峰值在线').innerText())).toBeGreaterThan(0);
    expect(Number(await card('观看人数').innerText())).toBeGreaterThan(0);
    await screenshot(page, '12-review-zh');

    await page.getByLabel('Language / 语言').selectOption('en');
    await page.getByRole('region', { name: 'Run-of-show: plan against what happened' }).waitFor();
    await screenshot(page, '12-review-en');

    expect(operator.errors).toEqual([]);
    expect(overlay.errors).toEqual([]);
  });
});
