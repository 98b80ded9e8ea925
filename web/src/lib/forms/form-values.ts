/** Inputs shared by the planning forms: money typed back into a field, URL checks. */

function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Minor units as an operator types them (what `parseMoneyInput` reads back): 8900 → "89",
 * 8950 → "89.50" in CNY; 1500 → "1500" in JPY.
 */
export function moneyInputValue(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const whole = Math.trunc(amount / 10 ** digits);
  const fraction = amount % 10 ** digits;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(digits, '0')}`;
}

/** Money in major units (yuan), for chart axes that plot amounts. */
export function majorUnits(money: { amount: number; currency: string }): number {
  return money.amount / 10 ** minorDigits(money.currency);
}

/** Major units back to money (a chart axis value to format). */
export function fromMajorUnits(value: number, currency: string): { amount: number; currency: string } {
  return { amount: Math.round(value * 10 ** minorDigits(currency)), currency };
}

/** The API takes http(s) URLs only (images, avatars). */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
