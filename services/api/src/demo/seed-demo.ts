import { decodeGlobalID } from '@pothos/plugin-relay';
import type { App } from '../app.js';
import { Organization } from '../organizations/organization.entity.js';
import { LiveSession, Segment } from '../sessions/session.entity.js';
import { MAX_EVENTS_PER_BATCH, type WireEvent } from '../ingest/contract.js';
import { TrafficModel } from '../simulator/traffic-model.js';
import { DEMO_HOSTS, DEMO_ORGANIZATION, DEMO_PRODUCTS } from './demo-data.js';

export const DEMO_EMAIL = 'demo@broadcart.dev';
export const DEMO_PASSWORD = 'broadcart-demo';

const DAY = 24 * 3600 * 1000;
const SHANGHAI_OFFSET = 8 * 3600 * 1000;

/** `hour`:00 in Shanghai, `days` days from today's Shanghai date. */
function shanghaiTime(now: Date, days: number, hour: number): Date {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET);
  const midnightUtcOfLocalDate = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return new Date(midnightUtcOfLocalDate + days * DAY + hour * 3600 * 1000 - SHANGHAI_OFFSET);
}

function isoDate(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET).toISOString().slice(0, 10);
}

/**
 * Seeds the demo organization into an empty database through the public GraphQL API, as a client
 * would. Returns false (and does nothing) when any organization exists already.
 */
export async function seedDemo(app: App, now = new Date()): Promise<boolean> {
  if ((await app.orm.em.fork().count(Organization, {})) > 0) return false;

  let token: string | null = null;
  const run = async (name: string, input: Record<string, unknown>, selection: string): Promise<any> => {
    const type = `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
    const result = await app.graphql<Record<string, any>>(
      `mutation($input: ${type}Input!) { ${name}(input: $input) { __typename ... on ${type}Payload { ${selection} } ... on UserError { message } } }`,
      { input },
      token,
    );
    const payload = result.data?.[name];
    if (result.errors?.length || payload?.__typename !== `${type}Payload`) {
      throw new Error(`demo seed: ${name} failed: ${payload?.message ?? result.errors?.map((e) => e.message).join('; ')}`);
    }
    return payload;
  };

  const owner = await run('signUp', { email: DEMO_EMAIL, password: DEMO_PASSWORD, organizationName: DEMO_ORGANIZATION, displayName: '运营 李娜 Lina' }, 'token member { id }');
  token = owner.token;

  const products: string[] = [];
  for (const product of DEMO_PRODUCTS) {
    products.push((await run('createProduct', { ...product, brand: '花漾 Bloom' }, 'product { id }')).product.id);
  }

  const hosts: string[] = [];
  for (const { training, ...host } of DEMO_HOSTS) {
    const id = (await run('createHost', host, 'host { id }')).host.id;
    hosts.push(id);
    for (const record of training) {
      const { daysAgo, ...rest } = record;
      await run('addTrainingRecord', { hostId: id, ...rest, date: isoDate(new Date(now.getTime() - daysAgo * DAY)) }, 'trainingRecord { id }');
    }
  }

  const campaign = (
    await run(
      'createCampaign',
      {
        name: '双十二美妆节 Double 12 Beauty Festival',
        theme: 'SHOPPING_FESTIVAL',
        startsAt: shanghaiTime(now, -10, 0).toISOString(),
        endsAt: shanghaiTime(now, 20, 0).toISOString(),
        targetAudienceTags: ['年轻女性', '职场女性', '学生党'],
        channels: ['DOUYIN', 'TAOBAO_LIVE', 'WEIBO', 'XIAOHONGSHU', 'KOL'],
        budgetAmount: 30_000_000,
      },
      'campaign { id }',
    )
  ).campaign.id;

  const goal = async (input: Record<string, unknown>) => (await run('createCampaignGoal', { campaignId: campaign, ownerId: owner.member.id, ...input }, 'goal { id }')).goal.id;
  const due = isoDate(shanghaiTime(now, 20, 0));
  const gmvGoal = await goal({ title: '双十二成交 ¥1,500,000', horizon: 'MID', metric: 'GMV_PAID', target: 150_000_000, dueDate: due });
  await goal({ parentId: gmvGoal, title: '观看人数 200,000', horizon: 'SHORT', metric: 'UV', target: 200_000, dueDate: due });
  await goal({ parentId: gmvGoal, title: '互动率 8%', horizon: 'SHORT', metric: 'INTERACTION_RATE', target: 0.08, dueDate: due });
  await goal({ parentId: gmvGoal, title: '看播转化率 3%', horizon: 'MID', metric: 'CONVERSION_RATE', target: 0.03, dueDate: due });
  await goal({ title: '30天复购率 15%', horizon: 'MID', metric: 'REPURCHASE_RATE', target: 0.15, dueDate: isoDate(shanghaiTime(now, 50, 0)) });
  await goal({ title: '新增粉丝 30,000', horizon: 'LONG', metric: 'NEW_FOLLOWERS', target: 30_000, dueDate: due });

  const session = async (title: string, platform: string, days: number, startHour: number, hours: number) =>
    (
      await run(
        'createSession',
        {
          title,
          platform,
          campaignId: campaign,
          roomUrl: 'https://live.douyin.com/880000001',
          scheduledStart: shanghaiTime(now, days, startHour).toISOString(),
          scheduledEnd: shanghaiTime(now, days, startHour + hours).toISOString(),
        },
        'session { id }',
      )
    ).session.id;

  // 1. Last week's warm-up show, already run and reviewed.
  const past = await session('双十二预热专场 Warm-up show', 'DOUYIN', -3, 20, 3);
  await run('assignSessionHost', { sessionId: past, hostId: hosts[0], role: 'MAIN' }, 'session { id }');
  for (const product of products.slice(0, 6)) await run('addLineupItem', { sessionId: past, productId: product }, 'lineupItem { id }');
  // 2. Tomorrow's main show, fully planned.
  const tomorrow = await session('双十二美妆节主场 Double 12 main show', 'DOUYIN', 1, 20, 3);
  // 3. Next week's gift-set show, still a draft.
  const draft = await session('礼盒专场 Gift sets (Taobao Live)', 'TAOBAO_LIVE', 6, 19, 2);

  await run('assignSessionHost', { sessionId: tomorrow, hostId: hosts[0], role: 'MAIN' }, 'session { id }');
  await run('assignSessionHost', { sessionId: tomorrow, hostId: hosts[1], role: 'ASSISTANT' }, 'session { id }');
  await run('assignSessionHost', { sessionId: draft, hostId: hosts[2], role: 'MAIN' }, 'session { id }');

  const lineup = [products[0], products[1], products[3], products[6], products[9], products[12], products[14], products[18]] as string[];
  const livePrices = [69, 59, 169, 109, 189, 159, 69, 399];
  for (const [index, product] of lineup.entries()) {
    const item = (await run('addLineupItem', { sessionId: tomorrow, productId: product }, 'lineupItem { id }')).lineupItem.id;
    await run(
      'confirmLineupItem',
      { id: item, stockReserved: 200 + index * 20, livePriceAmount: livePrices[index]! * 100, deliveryPromise: '48小时内发货 ships within 48 h' },
      'lineupItem { id }',
    );
  }
  for (const product of [products[18], products[10], products[11]] as string[]) {
    await run('addLineupItem', { sessionId: draft, productId: product }, 'lineupItem { id }');
  }

  const minutes = (value: number) => value * 60;
  await run(
    'replaceRunOfShow',
    {
      sessionId: tomorrow,
      segments: [
        { kind: 'WARM_UP', title: '开场暖场 Warm-up', plannedOffsetSeconds: 0, plannedDurationSeconds: minutes(10), talkingPoints: ['欢迎新朋友，点关注不迷路', '今晚福利预告：整点福袋'], cues: [{ atSeconds: 300, text: '预告福袋 tease giveaway' }] },
        { kind: 'PRODUCT_PITCH', title: '口红专场 Lipsticks', plannedOffsetSeconds: minutes(10), plannedDurationSeconds: minutes(25), productIds: lineup.slice(0, 2), talkingPoints: ['黄皮显白色号试色', '持妆8小时实测'], cues: [{ atSeconds: 600, text: '上链接 #01' }, { atSeconds: 900, text: '放库存 500' }] },
        { kind: 'INTERACTION', title: '评论区抽色号 Shade poll', plannedOffsetSeconds: minutes(35), plannedDurationSeconds: minutes(10), talkingPoints: ['扣1想要正红，扣2想要蜜桃'] },
        { kind: 'PRODUCT_PITCH', title: '底妆和眼妆 Base and eyes', plannedOffsetSeconds: minutes(45), plannedDurationSeconds: minutes(30), productIds: lineup.slice(2, 4), talkingPoints: ['油皮控油12小时', '新手也能画的大地色'], cues: [{ atSeconds: 60, text: '开价 ¥169' }] },
        { kind: 'FLASH_SALE', title: '精华秒杀 Serum flash sale', plannedOffsetSeconds: minutes(75), plannedDurationSeconds: minutes(15), productIds: [lineup[4]!], talkingPoints: ['限量300瓶，拍完即止'], cues: [{ atSeconds: 0, text: '上链接 秒杀价' }, { atSeconds: 30, text: '放库存 300' }] },
        { kind: 'GIVEAWAY', title: '整点福袋 Giveaway', plannedOffsetSeconds: minutes(90), plannedDurationSeconds: minutes(10), talkingPoints: ['口令：花漾双十二', '关注+粉丝团可参与'] },
        { kind: 'PRODUCT_PITCH', title: '护肤和礼盒 Skincare and gift box', plannedOffsetSeconds: minutes(100), plannedDurationSeconds: minutes(50), productIds: lineup.slice(5, 8), talkingPoints: ['敏感肌修护', '礼盒送女友送妈妈'] },
        { kind: 'QA', title: '答疑 Q&A', plannedOffsetSeconds: minutes(150), plannedDurationSeconds: minutes(20), talkingPoints: ['肤质推荐', '发货与售后'] },
        { kind: 'CLOSING', title: '返场和下播 Encore and close', plannedOffsetSeconds: minutes(170), plannedDurationSeconds: minutes(10), talkingPoints: ['明晚礼盒专场预告'] },
      ],
    },
    'session { id }',
  );

  await run('replaceRunOfShow', {
    sessionId: past,
    segments: [
      { kind: 'WARM_UP', title: '开场 Opening', plannedOffsetSeconds: 0, plannedDurationSeconds: minutes(15) },
      { kind: 'PRODUCT_PITCH', title: '新品首发 New arrivals', plannedOffsetSeconds: minutes(15), plannedDurationSeconds: minutes(150), productIds: products.slice(0, 6) },
      { kind: 'CLOSING', title: '下播 Close', plannedOffsetSeconds: minutes(165), plannedDurationSeconds: minutes(15) },
    ],
  }, 'session { id }');

  // Scheduling creates each session's checklist from the organization's template.
  await run('scheduleSession', { id: tomorrow }, 'session { id }');
  await run('scheduleSession', { id: past }, 'session { id }');
  await run('startSession', { id: past }, 'session { id }');
  await replayPastAudience(app, owner.token as string, run, past, now);
  await run('endSession', { id: past }, 'session { id }');
  await run('markSessionReviewed', { id: past }, 'session { id }');

  for (const [channel, days, content] of [
    ['WEIBO', -1, '#双十二美妆节# 明晚8点直播间见！'],
    ['DOUYIN', 0, '短视频预热：口红试色合集'],
    ['XIAOHONGSHU', 0, '笔记：双十二必买清单'],
  ] as const) {
    await run('createWarmUpPost', { sessionId: tomorrow, channel, plannedAt: shanghaiTime(now, 1 + days, 12).toISOString(), content }, 'warmUpPost { id }');
  }

  await run('setSessionTargets', { goalId: gmvGoal, targets: [{ sessionId: past, target: 40_000_000 }, { sessionId: tomorrow, target: 70_000_000 }, { sessionId: draft, target: 30_000_000 }] }, 'goal { id }');

  await run('inviteMember', { email: 'analyst@broadcart.dev', displayName: '数据分析 王磊', role: 'ANALYST' }, 'member { id }');

  // The warm-up show ran in the past: place its on-air record at its scheduled times.
  await backdatePastSession(app, past);
  return true;
}

type Run = (name: string, input: Record<string, unknown>, selection: string) => Promise<any>;

/** Audience of the past show: small (30 viewers at the peak) so the first start stays quick. */
const PAST_AUDIENCE = { seed: 20_261_212, peakViewers: 30 };

/**
 * Gives the past show an audience history, so its review and live-metric reads have real numbers:
 * the simulator's traffic model plays the show second by second at its (backdated) times, and each
 * segment's events go through `ingestEvents` while that segment is on air, so they are counted
 * under it, as they would have been live.
 */
async function replayPastAudience(app: App, token: string, run: Run, sessionId: string, now: Date): Promise<void> {
  const read = await app.graphql<{ node: { scheduledStart: string; scheduledEnd: string; lineup: { product: { id: string; price: { amount: number } } }[]; segments: { id: string; kind: string; plannedOffsetSeconds: number; plannedDurationSeconds: number; products: { id: string }[] }[] } }>(
    `query($id: ID!) { node(id: $id) { ... on LiveSession { scheduledStart scheduledEnd
      lineup { product { id price { amount } } }
      segments { id kind plannedOffsetSeconds plannedDurationSeconds products { id } } } } }`,
    { id: sessionId },
    token,
  );
  const show = read.data!.node;
  const prices = new Map(show.lineup.map((item) => [item.product.id, item.product.price.amount]));
  // backdatePastSession puts the show on air two minutes after its scheduled start.
  const onAir = new Date(show.scheduledStart).getTime() + 2 * 60_000;
  const durationSeconds = Math.round((new Date(show.scheduledEnd).getTime() - new Date(show.scheduledStart).getTime()) / 1000);
  // Ingestion takes no events from the future: a demo seeded with a `now` ahead of the clock (tests)
  // still runs through the segments, without an audience.
  const replay = onAir + durationSeconds * 1000 <= Date.now();
  const audience = new TrafficModel({ ...PAST_AUDIENCE, runId: `demo-${isoDate(now)}`, durationSeconds, tickMs: 1000 });
  const send = async (events: WireEvent[]) => {
    for (let start = 0; start < events.length; start += MAX_EVENTS_PER_BATCH) {
      const reply = await run('ingestEvents', { sessionId, events: events.slice(start, start + MAX_EVENTS_PER_BATCH) }, 'rejectedCount rejected { reason field }');
      if (reply.rejectedCount) throw new Error(`demo seed: audience events rejected: ${JSON.stringify(reply.rejected.slice(0, 3))}`);
    }
  };
  for (const [index, segment] of show.segments.entries()) {
    if (index > 0) await run('advanceSegment', { sessionId, direction: 'NEXT' }, 'session { id }');
    if (!replay) continue;
    audience.setShow({
      segmentId: segment.id,
      segmentKind: segment.kind,
      products: segment.products.map((product) => ({ id: product.id, priceAmount: prices.get(product.id) ?? 0 })),
      giveawayKeyword: null,
    });
    const events: WireEvent[] = [];
    const last = index === show.segments.length - 1 ? durationSeconds : segment.plannedOffsetSeconds + segment.plannedDurationSeconds;
    for (let second = segment.plannedOffsetSeconds; second < last; second++) events.push(...audience.step(new Date(onAir + second * 1000)));
    if (index === show.segments.length - 1) events.push(...audience.closeShow(new Date(onAir + durationSeconds * 1000)));
    await send(events);
  }
}

async function backdatePastSession(app: App, sessionId: string): Promise<void> {
  const em = app.orm.em.fork();
  const id = decodeGlobalID(sessionId).id;
  const session = await em.findOneOrFail(LiveSession, { id });
  session.actualStart = new Date(session.scheduledStart.getTime() + 2 * 60_000);
  session.actualEnd = new Date(session.scheduledEnd.getTime() + 5 * 60_000);
  for (const segment of await em.find(Segment, { session: id }, { orderBy: { position: 'asc' } })) {
    segment.actualStart = new Date(session.scheduledStart.getTime() + (segment.plannedOffsetSeconds + 120) * 1000);
    segment.actualEnd = new Date(segment.actualStart.getTime() + segment.plannedDurationSeconds * 1000);
  }
  await em.flush();
}
