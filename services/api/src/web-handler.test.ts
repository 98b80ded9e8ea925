import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { guardStreams } from './web-handler.js';

describe('the mounted web handler', () => {
  it('closes a response whose file vanished instead of letting the stream error end the process', async () => {
    const warnings: unknown[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    // What a static file server does: stream a file it found a moment earlier.
    const handler = guardStreams((_request, response) => void createReadStream('/nonexistent/broadcart/app.js').pipe(response), logger);
    const uncaught: Error[] = [];
    const onUncaught = (error: Error) => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    const server = createServer((request, response) => handler(request, response, () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await expect(fetch(`http://127.0.0.1:${port}/_app/app.js`)).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uncaught).toEqual([]);
      expect(warnings).toEqual([expect.objectContaining({ msg: 'a web app file could not be read', url: '/_app/app.js' })]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
