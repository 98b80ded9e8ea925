import type { WireEvent } from '../ingest/contract.js';
import { createRandom, type Random } from './random.js';

/**
 * The audience simulator's traffic model: pure and seeded. Time is "show time" (milliseconds since
 * the simulation started) and advances one tick per `step`; the wall-clock stamp of each event is
 * passed in, so an accelerated or fake clock changes how fast the show runs, never its shape.
 */

/** A product of the segment on air, as the model sends it (`id` goes on the wire as `product`). */
export interface ShowProduct {
  id: string;
  /** Live price if set, else the product's price; minor units. */
  priceAmount: number;
}

/** What is on air, read from the session's run-of-show and `currentSegment`. */
export interface ShowState {
  segmentId: string | null;
  /** A `SegmentKind` (FLASH_SALE and GIVEAWAY draw bigger crowds). */
  segmentKind: string | null;
  /** The current segment's products; impressions, clicks and carts only ever name these. */
  products: ShowProduct[];
  /** The giveaway's comment keyword (口令) while a giveaway is on, else null. */
  giveawayKeyword: string | null;
}

export const OFF_AIR: ShowState = { segmentId: null, segmentKind: null, products: [], giveawayKeyword: null };

export interface TrafficOptions {
  seed: number;
  /** Goes into every event id: `sim-<runId>-<n>`; unique per run so runs never collide. */
  runId: string;
  /** Peak concurrent viewers the arrival curve is scaled to. */
  peakViewers: number;
  /** Length of the show; the crowd ramps up at the start and decays towards the end. */
  durationSeconds: number;
  /** Show time per step. @default 250 */
  tickMs?: number;
  /** Seconds between platform VIEWER_COUNT samples. @default 5 */
  viewerCountEverySeconds?: number;
}

/** Per viewer per second, unless noted. Tuned so likes dominate, as on real platforms. */
const RATES = {
  comment: 1 / 60,
  giveawayComment: 1 / 12,
  likeBurstStart: 1 / 40,
  share: 1 / 900,
  follow: 1 / 300,
  fanClubAfterFollow: 1 / 600,
  impression: 1 / 6,
  /** Once a viewer means to: the delay to each next funnel step is about 20 s. */
  nextStep: 1 / 20,
};
/** Funnel: share of product impressions that lead to a click (flash sales pull harder), of clicks to a cart, of carts to an order. */
const CLICK_SHARE = 0.15;
const FLASH_SALE_CLICK_SHARE = 0.35;
const CART_SHARE = 0.35;
const ORDER_SHARE = 0.6;
/** Share of created orders that are paid (the rest are abandoned), and of paid orders refunded. */
const PAID_SHARE = 0.85;
const REFUND_SHARE = 0.03;
/** Share of arrivals who are earlier viewers of this show coming back (PV > UV). */
const RETURN_SHARE = 0.12;
/** Median and log-normal shape of one visit's watch time; the tail reaches tens of minutes. */
const WATCH_MEDIAN_SECONDS = 150;
const WATCH_SIGMA = 1.1;

const COMMENTS = ['想要', '想要想要', '多少钱', '多少钱？', '链接', '上链接', '抽我', '抽我抽我', '已拍', '已下单', '主播好美', '好看', '来了来了', '1', '2'];
const QUESTIONS = ['敏感肌能用吗？', '油皮可以用吗？', '什么时候发货？', '有赠品吗？', '能便宜点吗？', '学生党适合吗？', '孕妇能用吗？', '保质期多久？', '黄皮适合哪个色号？'];
const REGIONS = ['广东', '浙江', '江苏', '上海', '北京', '四川', '山东', '湖北', '福建', '河南'];
const COUPONS = ['DOUBLE12-20', 'NEWFAN-10'];

interface Viewer {
  id: string;
  leaveAtMs: number;
  likeBurstUntilMs: number;
  followed: boolean;
  fanClub: boolean;
  /** Where each product of the current segment stands in this viewer's funnel. */
  funnel: Map<string, FunnelStage>;
  /** Carted products not ordered yet; `willOrder` was decided when the first went in. */
  cart: ShowProduct[];
  willOrder: boolean;
}

/** SEEN: impression only, no interest; WANTS_*: the next step will come; DONE: nothing more. */
type FunnelStage = 'SEEN' | 'WANTS_CLICK' | 'WANTS_CART' | 'DONE';

interface PendingOrder {
  dueMs: number;
  kind: 'ORDER_PAID' | 'ORDER_REFUNDED';
  orderId: string;
  viewer: string;
  amount: number;
}

export class TrafficModel {
  readonly tickMs: number;
  readonly #options: TrafficOptions;
  readonly #random: Random;
  readonly #noiseKnots: number[];
  #elapsedMs = 0;
  #eventNumber = 0;
  #orderNumber = 0;
  #show: ShowState = OFF_AIR;
  #bump: { atMs: number; size: number } | null = null;
  readonly #present = new Map<string, Viewer>();
  readonly #leftViewers: string[] = [];
  readonly #pending: PendingOrder[] = [];
  #nextViewerCountMs = 0;
  #peakOnline = 0;

  constructor(options: TrafficOptions) {
    if (options.peakViewers < 1) throw new RangeError('peakViewers must be at least 1');
    if (options.durationSeconds <= 0) throw new RangeError('durationSeconds must be positive');
    this.#options = options;
    this.tickMs = options.tickMs ?? 250;
    this.#random = createRandom(options.seed);
    // Slow noise on the plateau: one knot every 20 s, interpolated.
    this.#noiseKnots = Array.from({ length: Math.ceil(options.durationSeconds / 20) + 2 }, () => (this.#random.next() - 0.5) * 0.16);
  }

  get elapsedMs(): number {
    return this.#elapsedMs;
  }

  get online(): number {
    return this.#present.size;
  }

  get peakOnline(): number {
    return this.#peakOnline;
  }

  get finished(): boolean {
    return this.#elapsedMs >= this.#options.durationSeconds * 1000;
  }

  get show(): ShowState {
    return this.#show;
  }

  /**
   * Concurrent viewers the crowd tends to at `seconds` of show time: a ramp over the first minutes,
   * a noisy plateau, a bump after each segment change (bigger for flash sales and giveaways) and a
   * decay towards the end. Never above `peakViewers`.
   */
  targetOnline(seconds: number): number {
    const { peakViewers, durationSeconds } = this.#options;
    const ramp = Math.min(180, durationSeconds * 0.15);
    const decay = Math.min(300, durationSeconds * 0.15);
    // Some viewers wait for the show (预约): the crowd starts at 8% of the plateau.
    const rampShare = seconds >= ramp ? 1 : 0.08 + 0.92 * smoothstep(seconds / ramp);
    const remaining = durationSeconds - seconds;
    const decayShare = remaining >= decay ? 1 : 0.15 + 0.85 * Math.max(0, remaining / decay);
    const knot = seconds / 20;
    const lower = this.#noiseKnots[Math.floor(knot)] ?? 0;
    const upper = this.#noiseKnots[Math.floor(knot) + 1] ?? 0;
    const noise = lower + (upper - lower) * (knot - Math.floor(knot));
    const bump = this.#bump ? this.#bump.size * Math.exp(-(seconds * 1000 - this.#bump.atMs) / 90_000) : 0;
    return Math.min(peakViewers, Math.round(peakViewers * 0.8 * rampShare * decayShare * (1 + noise) * (1 + bump)));
  }

  /**
   * Tells the model what is on air. A new segment resets what viewers have seen (its products
   * get impressions anew) and brings a bump of arrivals.
   */
  setShow(show: ShowState): void {
    if (show.segmentId !== this.#show.segmentId) {
      for (const viewer of this.#present.values()) viewer.funnel.clear();
      if (show.segmentId) {
        const size = show.segmentKind === 'FLASH_SALE' || show.segmentKind === 'GIVEAWAY' ? 0.35 : 0.12;
        this.#bump = { atMs: this.#elapsedMs, size };
      }
    }
    const current = new Set(show.products.map((product) => product.id));
    for (const viewer of this.#present.values()) {
      viewer.cart = viewer.cart.filter((product) => current.has(product.id));
      if (!viewer.cart.length) viewer.willOrder = false;
    }
    this.#show = show;
  }

  /** Advances one tick of show time and returns the events that happened in it, stamped `at`. */
  step(at: Date): WireEvent[] {
    const events: WireEvent[] = [];
    const occurredAt = at.toISOString();
    const emit = (event: Omit<WireEvent, 'id' | 'occurredAt'>) => {
      events.push({ id: `sim-${this.#options.runId}-${++this.#eventNumber}`, occurredAt, ...event });
    };
    const random = this.#random;
    const now = this.#elapsedMs;
    const dt = this.tickMs / 1000;
    const seconds = now / 1000;

    // Orders whose payment or refund falls due.
    for (let i = this.#pending.length - 1; i >= 0; i--) {
      const order = this.#pending[i]!;
      if (order.dueMs > now) continue;
      this.#pending.splice(i, 1);
      emit({ kind: order.kind, viewer: order.viewer, orderId: order.orderId, ...(order.kind === 'ORDER_REFUNDED' ? { amount: order.amount } : {}) });
      if (order.kind === 'ORDER_PAID' && random.chance(REFUND_SHARE)) {
        this.#pending.push({ ...order, kind: 'ORDER_REFUNDED', dueMs: now + random.int(30_000, 120_000) });
      }
    }

    // Departures: visits that are over, and more when the crowd is above the curve (the decay).
    const target = this.finished ? 0 : this.targetOnline(seconds);
    for (const viewer of [...this.#present.values()]) {
      if (viewer.leaveAtMs <= now) this.#leave(viewer, emit);
    }
    const excess = this.#present.size - target;
    if (excess > 0) {
      const leaving = Math.ceil(excess * 0.2);
      const viewers = [...this.#present.values()];
      for (let i = 0; i < leaving && viewers.length; i++) {
        const index = random.int(0, viewers.length - 1);
        this.#leave(viewers[index]!, emit);
        viewers.splice(index, 1);
      }
    }

    // Arrivals refill the gap to the curve, at most 5% of the peak per tick so ramps look like ramps.
    const gap = target - this.#present.size;
    const arrivals = gap > 0 ? Math.min(gap, Math.max(1, Math.ceil(this.#options.peakViewers * 0.05))) : 0;
    for (let i = 0; i < arrivals; i++) this.#join(emit);
    this.#peakOnline = Math.max(this.#peakOnline, this.#present.size);

    // What viewers do while present.
    const show = this.#show;
    const commentRate = show.giveawayKeyword ? RATES.giveawayComment : RATES.comment;
    const clickShare = show.segmentKind === 'FLASH_SALE' ? FLASH_SALE_CLICK_SHARE : CLICK_SHARE;
    const nextStep = RATES.nextStep * dt;
    for (const viewer of this.#present.values()) {
      if (random.chance(commentRate * dt)) emit({ kind: 'COMMENT', viewer: viewer.id, text: this.#commentText() });
      if (viewer.likeBurstUntilMs <= now && random.chance(RATES.likeBurstStart * dt)) viewer.likeBurstUntilMs = now + random.int(2_000, 8_000);
      if (viewer.likeBurstUntilMs > now) emit({ kind: 'LIKE', viewer: viewer.id, count: random.int(1, 12) });
      if (random.chance(RATES.share * dt)) emit({ kind: 'SHARE', viewer: viewer.id });
      if (!viewer.followed && random.chance(RATES.follow * dt)) {
        viewer.followed = true;
        emit({ kind: 'FOLLOW', viewer: viewer.id });
      } else if (viewer.followed && !viewer.fanClub && random.chance(RATES.fanClubAfterFollow * dt)) {
        viewer.fanClub = true;
        emit({ kind: 'FAN_CLUB_JOIN', viewer: viewer.id });
      }
      for (const product of show.products) {
        const stage = viewer.funnel.get(product.id);
        if (stage === undefined) {
          if (random.chance(RATES.impression * dt)) {
            viewer.funnel.set(product.id, random.chance(clickShare) ? 'WANTS_CLICK' : 'SEEN');
            emit({ kind: 'PRODUCT_IMPRESSION', viewer: viewer.id, product: product.id });
          }
        } else if (stage === 'WANTS_CLICK' && random.chance(nextStep)) {
          viewer.funnel.set(product.id, random.chance(CART_SHARE) ? 'WANTS_CART' : 'DONE');
          emit({ kind: 'PRODUCT_CLICK', viewer: viewer.id, product: product.id });
        } else if (stage === 'WANTS_CART' && random.chance(nextStep)) {
          viewer.funnel.set(product.id, 'DONE');
          if (!viewer.cart.length) viewer.willOrder = random.chance(ORDER_SHARE);
          viewer.cart.push(product);
          emit({ kind: 'ADD_TO_CART', viewer: viewer.id, product: product.id });
        }
      }
      if (viewer.cart.length && viewer.willOrder && random.chance(nextStep)) this.#order(viewer, emit);
    }

    if (now >= this.#nextViewerCountMs) {
      emit({ kind: 'VIEWER_COUNT', count: this.#present.size });
      this.#nextViewerCountMs = now + (this.#options.viewerCountEverySeconds ?? 5) * 1000;
    }

    this.#elapsedMs += this.tickMs;
    return events;
  }

  /** Everyone still present leaves (the show is over or the run stopped). */
  closeShow(at: Date): WireEvent[] {
    const events: WireEvent[] = [];
    const occurredAt = at.toISOString();
    for (const viewer of [...this.#present.values()]) {
      this.#leave(viewer, (event) => events.push({ id: `sim-${this.#options.runId}-${++this.#eventNumber}`, occurredAt, ...event }));
    }
    events.push({ id: `sim-${this.#options.runId}-${++this.#eventNumber}`, occurredAt, kind: 'VIEWER_COUNT', count: 0 });
    return events;
  }

  #join(emit: (event: Omit<WireEvent, 'id' | 'occurredAt'>) => void): void {
    const random = this.#random;
    let id: string | undefined;
    if (this.#leftViewers.length && random.chance(RETURN_SHARE)) {
      const index = random.int(0, this.#leftViewers.length - 1);
      id = this.#leftViewers[index]!;
      this.#leftViewers.splice(index, 1);
    }
    // New faces come from a pool bigger than any one show, so regulars recur across shows.
    const pool = this.#options.peakViewers * 20;
    for (let attempt = 0; !id || this.#present.has(id); attempt++) {
      id = `sim-viewer-${random.int(1, pool)}${attempt > 8 ? `-${this.#options.runId}-${this.#eventNumber}` : ''}`;
    }
    const watchMs = Math.max(5, Math.min(3 * 3600, random.logNormal(WATCH_MEDIAN_SECONDS, WATCH_SIGMA))) * 1000;
    this.#present.set(id, {
      id,
      leaveAtMs: this.#elapsedMs + Math.round(watchMs),
      likeBurstUntilMs: 0,
      followed: false,
      fanClub: false,
      funnel: new Map(),
      cart: [],
      willOrder: false,
    });
    emit({ kind: 'VIEWER_JOINED', viewer: id, ...(random.chance(0.6) ? { region: random.pick(REGIONS) } : {}) });
  }

  #leave(viewer: Viewer, emit: (event: Omit<WireEvent, 'id' | 'occurredAt'>) => void): void {
    this.#present.delete(viewer.id);
    this.#leftViewers.push(viewer.id);
    emit({ kind: 'VIEWER_LEFT', viewer: viewer.id });
  }

  #order(viewer: Viewer, emit: (event: Omit<WireEvent, 'id' | 'occurredAt'>) => void): void {
    const random = this.#random;
    const items = viewer.cart.map((product) => ({ product: product.id, quantity: random.chance(0.15) ? 2 : 1, unitPrice: product.priceAmount }));
    viewer.cart = [];
    viewer.willOrder = false;
    const amount = items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
    const orderId = `sim-${this.#options.runId}-o${++this.#orderNumber}`;
    emit({
      kind: 'ORDER_CREATED',
      viewer: viewer.id,
      orderId,
      amount,
      items,
      ...(random.chance(0.2) ? { couponCode: random.pick(COUPONS) } : {}),
      ...(random.chance(0.1) ? { trackingCode: `kol-${random.int(1, 5)}` } : {}),
    });
    if (random.chance(PAID_SHARE)) {
      this.#pending.push({ dueMs: this.#elapsedMs + random.int(3_000, 40_000), kind: 'ORDER_PAID', orderId, viewer: viewer.id, amount });
    }
  }

  #commentText(): string {
    const random = this.#random;
    const keyword = this.#show.giveawayKeyword;
    if (keyword && random.chance(0.7)) return keyword;
    return random.chance(0.25) ? random.pick(QUESTIONS) : random.pick(COMMENTS);
  }
}

function smoothstep(x: number): number {
  const t = Math.max(0, Math.min(1, x));
  return t * t * (3 - 2 * t);
}

/** The giveaway keyword (口令) in a segment's talking points, e.g. "口令：花漾双十二". */
export function giveawayKeyword(talkingPoints: readonly string[]): string | null {
  for (const point of talkingPoints) {
    const match = /口令\s*[:：]\s*(\S+)/.exec(point);
    if (match) return match[1]!;
  }
  return null;
}
