import { describe, expect, it } from 'vitest';
import { CsvDownloadError, downloadCsv, exportUrl, filenameFromDisposition } from './csv-download.js';

describe('CSV export', () => {
  it('names the file after the UTF-8 title the server suggests', () => {
    const header = `attachment; filename="session-01a214d8-segments.csv"; filename*=UTF-8''${encodeURIComponent('双十二预热专场-segments.csv')}`;
    expect(filenameFromDisposition(header, 'fallback.csv')).toBe('双十二预热专场-segments.csv');
  });

  it('falls back to the plain name, then to the given name, and never keeps path separators', () => {
    expect(filenameFromDisposition('attachment; filename="plain.csv"', 'x.csv')).toBe('plain.csv');
    expect(filenameFromDisposition('attachment; filename=bare.csv', 'x.csv')).toBe('bare.csv');
    expect(filenameFromDisposition("attachment; filename*=UTF-8''%E0%A4%A", 'x.csv')).toBe('x.csv');
    expect(filenameFromDisposition(null, 'x.csv')).toBe('x.csv');
    expect(filenameFromDisposition(`attachment; filename*=UTF-8''${encodeURIComponent('../a/b.csv')}`, 'x.csv')).toBe('_a_b.csv');
  });

  it('makes a title anyone typed safe to save: no reserved or control characters, no leading dots, a capped length, always .csv', () => {
    const named = (title: string) => filenameFromDisposition(`attachment; filename*=UTF-8''${encodeURIComponent(title)}`, 'x.csv');
    expect(named('双12: 爆款*返场? <VIP>|"专场"-summary.csv')).toBe('双12_ 爆款_返场_ _VIP___专场_-summary.csv');
    expect(named('a\u0000b\nc-summary.csv')).toBe('a_b_c-summary.csv');
    expect(named('.hidden-summary.csv')).toBe('hidden-summary.csv');
    expect(named('...')).toBe('x.csv');
    expect(named('invoice.exe')).toBe('invoice.exe.csv');
    const long = named(`${'直播'.repeat(100)}-series.csv`);
    expect(long.length).toBeLessThanOrEqual(84);
    expect(long.endsWith('.csv')).toBe(true);
  });

  it('fetches with the bearer token and saves the body under the suggested name', async () => {
    const requests: { url: string; headers: Record<string, string> }[] = [];
    const saved: { name: string; bytes: number[] }[] = [];
    const name = await downloadCsv('TGl2ZVNlc3Npb246MQ==', 'products', 'secret-token', {
      fetch: (async (url: string, init: RequestInit) => {
        requests.push({ url, headers: init.headers as Record<string, string> });
        return new Response('\uFEFFSKU,title\r\n', { status: 200, headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('场次-products.csv')}` } });
      }) as unknown as typeof fetch,
      save: (blob, filename) => void blob.arrayBuffer().then((buffer) => saved.push({ name: filename, bytes: [...new Uint8Array(buffer)] })),
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requests).toEqual([{ url: exportUrl('TGl2ZVNlc3Npb246MQ==', 'products'), headers: { authorization: 'Bearer secret-token' } }]);
    expect(requests[0]!.url).toBe('/export/sessions/TGl2ZVNlc3Npb246MQ%3D%3D/products.csv');
    expect(name).toBe('场次-products.csv');
    // The byte order mark must reach the file: it is what makes Excel read the Chinese as UTF-8.
    expect(saved).toEqual([{ name: '场次-products.csv', bytes: [...new TextEncoder().encode('\uFEFFSKU,title\r\n')] }]);
    expect(saved[0]!.bytes.slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('turns a refusal into an error carrying the server’s message', async () => {
    const fail = (async () => new Response(JSON.stringify({ error: 'not found', message: 'No session 42' }), { status: 404 })) as unknown as typeof fetch;
    await expect(downloadCsv('42', 'series', null, { fetch: fail, save: () => undefined })).rejects.toThrow(new CsvDownloadError('No session 42', 404));
    const html = (async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })) as unknown as typeof fetch;
    await expect(downloadCsv('42', 'series', null, { fetch: html, save: () => undefined })).rejects.toThrow('502 Bad Gateway');
  });
});
