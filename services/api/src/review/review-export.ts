import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpRoutes, sendJson, type HttpRouteContext } from '../http-routes.js';
import { METRIC_KEYS, metricDefinition } from '../metrics/metric-dictionary.js';
import { NotFoundError } from '../shared/errors.js';
import { majorUnits } from '../shared/money.js';
import { sessionId } from '../sessions/session-schema-helpers.js';
import { fraction, localTime, toCsv, type CsvValue } from './csv.js';
import type { SessionReview } from './review.service.js';

export const EXPORT_TABLES = ['segments', 'products', 'series', 'annotations', 'summary'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

const PATH = /^\/export\/sessions\/([^/]+)\/([a-z]+)\.csv$/;

interface Table {
  header: string[];
  rows: CsvValue[][];
}

/** The review tables as CSV: money in major units with the currency in the header, times in the organization's zone. */
export function reviewTable(review: SessionReview, table: ExportTable): Table {
  const { currency: cur, timeZone: tz } = review;
  const money = (minor: number | null | undefined) => majorUnits(minor, cur);
  const time = (date: Date | null | undefined) => localTime(date, tz);
  switch (table) {
    case 'summary': {
      const targets = new Map(review.targets.map((target) => [target.metric, target]));
      return {
        header: ['指标 metric', '名称', 'name', `数值 value (money in ${cur}, rates 0-1)`, '目标 target', '达成率 achievement'],
        rows: METRIC_KEYS.filter((key) => key in review.values).map((key) => {
          const definition = metricDefinition(key);
          const isMoney = definition.unit === 'MONEY';
          const value = review.values[key];
          const target = targets.get(key);
          const show = (number: number | null | undefined) => (isMoney ? money(number) : number == null ? null : fraction(number));
          return [key, definition.nameZh, definition.nameEn, show(value), show(target?.target), fraction(target?.progress)];
        }),
      };
    }
    case 'segments':
      return {
        header: [
          '序号 position', '环节 title', '类型 kind', `计划开始 planned start (${tz})`, `计划结束 planned end (${tz})`, '计划时长 planned seconds',
          `实际开始 actual start (${tz})`, `实际结束 actual end (${tz})`, '实际时长 actual seconds', '场观 PV', '评论 comments', '商品点击 clicks',
          '成交订单 paid orders', `成交金额 GMV paid (${cur})`, `每分钟成交 GMV paid per minute (${cur})`,
        ],
        rows: review.segments.map((segment) => [
          segment.position + 1, segment.title, segment.kind, time(segment.plannedStart), time(segment.plannedEnd), segment.plannedDurationSeconds,
          time(segment.actualStart), time(segment.actualEnd), segment.actualDurationSeconds, segment.pv, segment.comments, segment.clicks,
          segment.paidOrders, money(segment.gmvPaid), money(segment.gmvPaidPerMinute == null ? null : Math.round(segment.gmvPaidPerMinute)),
        ]),
      };
    case 'products':
      return {
        header: [
          '排品序号 lineup position', 'SKU', '商品 title', '曝光 impressions', '点击 clicks', '点击率 CTR', '加购 add to carts', '成交订单 paid orders',
          '成交件数 units', `成交金额 GMV paid (${cur})`, `退款 refunds (${cur})`, '成交占比 GMV share',
        ],
        rows: review.products.map((product) => [
          product.lineupPosition == null ? null : product.lineupPosition + 1, product.sku, product.title, product.impressions, product.clicks,
          fraction(product.ctr), product.addToCarts, product.orders, product.units, money(product.gmvPaid), money(product.refunds), fraction(product.gmvShare),
        ]),
      };
    case 'series':
      return {
        header: [
          `分钟 minute (${tz})`, '在线 online', '场观 PV', '新增观众 new viewers', '评论 comments', '点赞 likes', '分享 shares', '关注 follows',
          '商品点击 product clicks', '加购 add to carts', '下单 orders created', '成交订单 orders paid', `成交金额 GMV paid (${cur})`, `退款 refunds (${cur})`,
        ],
        rows: review.series.map((minute) => [
          time(minute.minute), minute.onlineMax, minute.pv, minute.uvNew, minute.comments, minute.likes, minute.shares, minute.follows,
          minute.clicks, minute.addToCarts, minute.ordersCreated, minute.ordersPaid, money(minute.gmvPaid), money(minute.refundAmount),
        ]),
      };
    case 'annotations':
      return {
        header: [`时间 at (${tz})`, '事件 event', '说明', 'label', 'payload (JSON)'],
        rows: review.annotations.map((annotation) => [time(annotation.at), annotation.name, annotation.labelZh, annotation.labelEn, JSON.stringify(annotation.payload)]),
      };
  }
}

/** The session id from the path: a LiveSession global id or a raw uuid; anything else is unknown. */
function sessionIdOf(raw: string): string {
  const text = decodeURIComponent(raw);
  return /^[0-9a-f-]{36}$/i.test(text) ? text : sessionId(text);
}

function tokenOf(request: IncomingMessage, url: URL): string | null {
  const header = request.headers.authorization;
  const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1] : undefined;
  return bearer ?? url.searchParams.get('token');
}

/** `GET /export/sessions/{sessionId}/{table}.csv`: a review table for a member of the session's organization. */
async function exportReview(request: IncomingMessage, response: ServerResponse, { orm, services }: HttpRouteContext): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://broadcart.internal');
  const [, rawId, table] = PATH.exec(url.pathname) ?? [];
  const em = orm.em.fork();
  const token = tokenOf(request, url);
  const actor = token ? await services.organizations.authenticate(em, token) : null;
  if (!actor) {
    sendJson(response, 401, { error: 'unauthenticated', message: 'Send Authorization: Bearer <token> or ?token=<token>' });
    return;
  }
  if (!EXPORT_TABLES.includes(table as ExportTable)) {
    sendJson(response, 404, { error: 'not found', message: `No table ${table}; use one of ${EXPORT_TABLES.join(', ')}` });
    return;
  }
  let review: SessionReview;
  try {
    review = await services.review.sessionReview({ em, actor }, sessionIdOf(rawId!));
  } catch (error) {
    if (error instanceof NotFoundError) {
      sendJson(response, 404, { error: 'not found', message: error.message });
      return;
    }
    throw error;
  }
  const { header, rows } = reviewTable(review, table as ExportTable);
  const body = toCsv(header, rows);
  const name = `session-${review.session.id.slice(0, 8)}-${table}.csv`;
  response.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`${review.session.title}-${table}.csv`)}`,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(body);
}

httpRoutes.push({
  name: 'review.export',
  match: (path, method) => method === 'GET' && path.startsWith('/export/sessions/') && PATH.test(path),
  handle: exportReview,
});
