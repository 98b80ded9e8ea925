/**
 * The client side of the fan-out benchmark, in its own process so receiving never shares the
 * server's event loop. Driven over IPC by fanout.ts:
 *
 *   { type: 'connect', url, count, protocol: 'graphql-ws' | 'raw', subscribe? }  → { type: 'connected' }
 *   { type: 'collect', round, timeoutMs }  → { type: 'collected', round, arrivals, sample }
 *   { type: 'close' }                      → { type: 'closed' }
 *
 * Arrival times are absolute (`performance.timeOrigin + performance.now()`, milliseconds), so the
 * parent subtracts the instant it published. Every client parses each message (as a real client
 * would) and counts only the round's first message.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

type Command =
  | { type: 'connect'; url: string; count: number; protocol: 'graphql-ws' | 'raw'; subscribe?: { token: string; query: string; variables: Record<string, unknown> } }
  | { type: 'collect'; round: number; timeoutMs: number }
  | { type: 'close' };

const now = () => performance.timeOrigin + performance.now();
const send = (message: unknown) => process.send!(message);

let sockets: WebSocket[] = [];
/** Arrival of the current round's message per client (NaN until it arrives). */
let arrivals = new Float64Array(0);
let received = 0;
let sample: string | null = null;
let onAllReceived: (() => void) | null = null;

function onMessage(index: number, data: WebSocket.RawData): void {
  const at = now();
  const text = data.toString();
  const message = JSON.parse(text) as { type?: string };
  if (message.type !== undefined && message.type !== 'next') return;
  if (!Number.isNaN(arrivals[index]!)) return;
  arrivals[index] = at;
  sample ??= text;
  received += 1;
  if (received === sockets.length) onAllReceived?.();
}

async function open(index: number, command: Extract<Command, { type: 'connect' }>): Promise<WebSocket> {
  const socket = new WebSocket(command.url, command.protocol === 'graphql-ws' ? 'graphql-transport-ws' : undefined, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  if (command.protocol === 'graphql-ws') {
    const acknowledged = new Promise<void>((resolve, reject) => {
      socket.once('message', (data) => ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack' ? resolve() : reject(new Error(data.toString()))));
    });
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${command.subscribe!.token}` } }));
    await acknowledged;
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: command.subscribe!.query, variables: command.subscribe!.variables } }));
  }
  socket.on('message', (data) => onMessage(index, data));
  return socket;
}

process.on('message', async (command: Command) => {
  if (command.type === 'connect') {
    sockets = [];
    // A few hundred handshakes at a time: the server also authenticates each subscription.
    for (let start = 0; start < command.count; start += 200) {
      const batch = Array.from({ length: Math.min(200, command.count - start) }, (_, offset) => open(start + offset, command));
      sockets.push(...(await Promise.all(batch)));
    }
    arrivals = new Float64Array(sockets.length).fill(Number.NaN);
    send({ type: 'connected' });
  } else if (command.type === 'collect') {
    if (received < sockets.length) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, command.timeoutMs);
        onAllReceived = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    onAllReceived = null;
    send({ type: 'collected', round: command.round, arrivals: Array.from(arrivals), sample });
    arrivals.fill(Number.NaN);
    received = 0;
  } else {
    await Promise.all(
      sockets.map((socket) => new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      })),
    );
    sockets = [];
    send({ type: 'closed' });
  }
});
