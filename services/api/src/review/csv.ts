/** A CSV cell: text as is (quoted when needed), numbers as written, null and undefined empty. */
export type CsvValue = string | number | null | undefined;

/** The byte order mark that makes Excel read the file as UTF-8 (Chinese text stays readable). */
export const UTF8_BOM = '\uFEFF';

/**
 * One RFC 4180 field. Text that a spreadsheet would run as a formula (starting with = + - @, tab
 * or carriage return) gets a leading apostrophe; fields with commas, quotes or line breaks are
 * quoted with quotes doubled. Numbers are data, never formulas, so negative numbers stay numbers.
 */
export function csvField(value: CsvValue): string {
  if (value == null) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV document: BOM, header, rows, CRLF line ends (RFC 4180). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `${UTF8_BOM}${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** An instant as local wall-clock time in `timeZone`, `YYYY-MM-DD HH:mm:ss` (what spreadsheets parse). */
export function localTime(date: Date | null | undefined, timeZone: string): string | null {
  if (!date) return null;
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

/** A fraction with enough digits for a rate, without float noise. */
export function fraction(value: number | null | undefined): string | null {
  return value == null ? null : String(Number(value.toFixed(6)));
}
