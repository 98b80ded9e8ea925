/** The review tables the API exports (`GET /export/sessions/{id}/{table}.csv`). */
export const CSV_TABLES = ['summary', 'segments', 'products', 'series', 'annotations'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** Characters kept of a suggested file name (file systems allow 255 bytes; Chinese takes 3 each). */
const MAX_FILENAME = 80;

export function exportUrl(sessionId: string, table: CsvTable): string {
  return `/export/sessions/${encodeURIComponent(sessionId)}/${table}.csv`;
}

/**
 * The file name the server suggests: the UTF-8 `filename*` (the session title, in Chinese) when
 * present, else the plain `filename`, else `fallback`. The title is anyone's text: path separators,
 * characters Windows refuses and control characters become `_`, leading dots go (no hidden or
 * `..` names), the length is capped and the name always ends in `.csv`.
 */
export function filenameFromDisposition(header: string | null | undefined, fallback: string): string {
  const clean = (name: string) => {
    const safe = name
      .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
      .trim()
      .replace(/^\.+/, '')
      .slice(0, MAX_FILENAME)
      .trim();
    if (!safe) return fallback;
    return /\.csv$/i.test(safe) ? safe : `${safe}.csv`;
  };
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)?.[1];
  if (extended) {
    try {
      return clean(decodeURIComponent(extended.trim()));
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/.exec(header);
  const name = plain?.[1] ?? plain?.[2];
  return name ? clean(name) : fallback;
}

/** Hands a file to the browser's downloads. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: some browsers start the download after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export class CsvDownloadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CsvDownloadError';
  }
}

/**
 * Downloads one review table. The export needs the bearer token, which a plain link cannot send,
 * so the file is fetched and saved as a Blob. Throws `CsvDownloadError` with the server's message.
 */
export async function downloadCsv(
  sessionId: string,
  table: CsvTable,
  token: string | null,
  deps: { fetch?: typeof fetch; save?: (blob: Blob, filename: string) => void } = {},
): Promise<string> {
  const response = await (deps.fetch ?? fetch)(exportUrl(sessionId, table), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`.trim();
    try {
      const body = (await response.json()) as { message?: string };
      if (body.message) message = body.message;
    } catch {
      // Not JSON (a proxy's error page): the status line says enough.
    }
    throw new CsvDownloadError(message, response.status);
  }
  const filename = filenameFromDisposition(response.headers.get('content-disposition'), `session-${table}.csv`);
  (deps.save ?? saveBlob)(await response.blob(), filename);
  return filename;
}
