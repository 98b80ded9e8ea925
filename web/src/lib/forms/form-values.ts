/** Inputs shared by the planning forms: money typed back into a field, URL checks. */
import { minorDigits } from '../i18n/format.js';

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

/** The API takes http(s) URLs only (images, avatars). */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
