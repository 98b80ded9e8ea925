import type { IngestReply, IngestRequestBody, WireEvent } from '../ingest/contract.js';
import { signedHeaders } from '../ingest/signature.js';
import { SinkError, type ShowSource, type SimulationSink } from './runner.js';
import { giveawayKeyword, OFF_AIR, type ShowProduct } from './traffic-model.js';

/** The simulator as an outside client: signed `POST /ingest/{sourceId}` and GraphQL over HTTP. */

/** Signs and posts each batch to `<baseUrl>/ingest/<sourceId>`. */
export function createHttpSink(baseUrl: string, sourceId: string, secret: string): SimulationSink {
  const url = new URL(`/ingest/${encodeURIComponent(sourceId)}`, baseUrl).toString();
  return {
    async send(sessionId: string, events: WireEvent[]): Promise<IngestReply> {
      const body = JSON.stringify({ sessionId, events } satisfies IngestRequestBody);
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(secret, body) }, body });
      } catch (error) {
        // fetch reports network failures as "fetch failed" with the reason (ECONNREFUSED...) as its cause.
        const cause = (error as Error).cause;
        throw new SinkError(`cannot reach ${url}: ${cause instanceof Error ? cause.message : String(error)}`, true);
      }
      const text = await response.text();
      if (!response.ok) {
        throw new SinkError(`POST /ingest answered ${response.status}: ${text.slice(0, 200)}`, response.status >= 500 || response.status === 429);
      }
      return JSON.parse(text) as IngestReply;
    },
  };
}

/** A GraphQL client for one base URL and bearer token; fails on transport and GraphQL errors. */
export function createGraphQLClient(baseUrl: string, token: string | null = null) {
  const url = new URL('/graphql', baseUrl).toString();
  return async function graphql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (result.errors?.length) throw new Error(result.errors.map((error) => error.message).join('; '));
    return result.data as T;
  };
}

type GraphQLClient = ReturnType<typeof createGraphQLClient>;

const SHOW_QUERY = `query SimulatorShow($id: ID!) { node(id: $id) { ... on LiveSession {
  status
  lineup { product { id } livePrice { amount } }
  currentSegment { id kind talkingPoints products { id price { amount } } }
} } }`;

interface ShowQueryResult {
  node: {
    status: string;
    lineup: { product: { id: string }; livePrice: { amount: number } | null }[];
    currentSegment: { id: string; kind: string; talkingPoints: string[]; products: { id: string; price: { amount: number } }[] } | null;
  } | null;
}

/**
 * Reads what is on air by polling the session over GraphQL (the runner asks once per second of
 * show time; a poll costs one small query and survives reconnects without any resync logic).
 */
export function createGraphQLShowSource(graphql: GraphQLClient, sessionId: string): ShowSource {
  return {
    async read() {
      const { node } = await graphql<ShowQueryResult>(SHOW_QUERY, { id: sessionId });
      if (!node) throw new Error(`session ${sessionId} was not found (or belongs to another organization)`);
      const segment = node.currentSegment;
      if (node.status !== 'LIVE' || !segment) return { live: node.status === 'LIVE', show: OFF_AIR };
      const livePrices = new Map(node.lineup.map((item) => [item.product.id, item.livePrice?.amount]));
      const products: ShowProduct[] = segment.products.map((product) => ({ id: product.id, priceAmount: livePrices.get(product.id) ?? product.price.amount }));
      return {
        live: true,
        show: {
          segmentId: segment.id,
          segmentKind: segment.kind,
          products,
          giveawayKeyword: segment.kind === 'GIVEAWAY' ? giveawayKeyword(segment.talkingPoints) : null,
        },
      };
    },
  };
}
