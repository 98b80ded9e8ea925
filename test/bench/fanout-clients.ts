/**
 * The client side of the fan-out benchmark, in its own process so receiving never shares the
 * server's event loop. Driven over IPC by fanout.ts:
 *
 *   { type: 'connect', group: 'graphql-ws' | 'raw', url, count, subscribe? }  → { type: 'connected' }
 *   { type: 'collect', group, round, timeoutMs }  → { type: 'collected', round, arrivals, sample }
 *   { type: 'close' }                             → { type: 'closed' } (every group)
 *
 * Arrival times are absolute (`performance.timeOrigin + performance.now()`, milliseconds), so the
 * parent subtracts the instant it published. Every client parses each message (as a real client
 * would) and counts only the round's first message.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

type Protocol = 'graphql-ws' | 'raw';
type Command =
  | { type: 'connect'; group: Protocol; url: string; count: number; subscribe?: { token: string; query: string; variables: Record<string, unknown> } }
  | { type: 'collect'; group: Protocol; round: number; timeoutMs: number }
  | { type: 'close' };

const now = () => performance.timeOrigin + performance.now();
const send = (message: unknown) => process.send!(message);

/** The clients of one protocol, and the arrivals of its current round (NaN until a client's message arrives). */
class Group {
  sockets: WebSocket[] = [];
  arrivals = new Float64Array(0);
  received = 0;
  sample: string | null = null;
  onAllReceived: (() => void) | null = null;

  onMessage(index: number, data: WebSocket.RawData): void {
    const at = now();
    const text = data.toString();
    const message = JSON.parse(text) as { type?: string };
    if (message.type !== undefined && message.type !== 'next') return;
    if (!Number.isNaN(this.arrivals[index]!)) return;
    this.arrivals[index] = at;
    this.sample ??= text;
    this.received += 1;
    if (this.received === this.sockets.length) this.onAllReceived?.();
  }
}

const groups = new Map<Protocol, Group>();

async function open(group: Group, index: number, command: Extract<Command, { type: 'connect' }>): Promise<WebSocket> {
  const socket = new WebSocket(command.url, command.group === 'graphql-ws' ? 'graphql-transport-ws' : undefined, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  if (command.group === 'graphql-ws') {
    const acknowledged = new Promise<void>((resolve, reject) => {
      socket.once('message', (data) => ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack' ? resolve() : reject(new Error(data.toString()))));
    });
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${command.subscribe!.token}` } }));
    await acknowledged;
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: command.subscribe!.query, variables: command.subscribe!.variables } }));
  }
  socket.on('message', (data) => group.onMessage(index, data));
  return socket;
}

process.on('message', async (command: Command) => {
  if (command.type === 'connect') {
    const group = new Group();
    groups.set(command.group, group);
    // A few hundred handshakes at a time: the server also authenticates each subscription.
    for (let start = 0; start < command.count; start += 200) {
      const batch = Array.from({ length: Math.min(200, command.count - start) }, (_, offset) => open(group, start + offset, command));
      group.sockets.push(...(await Promise.all(batch)));
    }
    group.arrivals = new Float64Array(group.sockets.length).fill(Number.NaN);
    send({ type: 'connected' });
  } else if (command.type === 'collect') {
    const group = groups.get(command.group)!;
    if (group.received < group.sockets.length) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, command.timeoutMs);
        group.onAllReceived = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    group.onAllReceived = null;
    send({ type: 'collected', round: command.round, arrivals: Array.from(group.arrivals), sample: group.sample });
    group.arrivals.fill(Number.NaN);
    group.received = 0;
  } else {
    const sockets = [...groups.values()].flatMap((group) => group.sockets);
    await Promise.all(
      sockets.map((socket) => new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      })),
    );
    groups.clear();
    send({ type: 'closed' });
  }
});
