/** Minor units as major units with the currency's decimals, e.g. 12345 CNY → "123.45". */
export function majorUnits(minor: number | null | undefined, currency: string): string | null {
  if (minor == null) return null;
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

const digitsByCurrency = new Map<string, number>();

function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}
