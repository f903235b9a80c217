/**
 * Amounts written the way each currency is written in English text: €86.77, £71.20, CHF 80.10,
 * ¥12,300, A$95.10. Intl knows each currency's symbol and minor units (JPY, KRW, HUF have none).
 * Amounts of 1,000 or more drop the minor units, as the USD prices always have ($1,234).
 */

const formats = new Map<string, { small: Intl.NumberFormat; large: Intl.NumberFormat }>();

function formatsOf(code: string) {
  let f = formats.get(code);
  if (!f) {
    const small = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    const large = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: code,
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    });
    f = { small, large };
    formats.set(code, f);
  }
  return f;
}

/** The amount in `code` as people write it; Intl's no-break space becomes a plain one. */
export function money(amount: number, code = 'USD'): string {
  const f = formatsOf(code);
  return (Math.abs(amount) >= 1000 ? f.large : f.small).format(amount).replace(/\u00a0/g, ' ');
}

/** The amount with the currency's minor units whatever its size ("$1,234.50"), e.g. a threshold as typed. */
export function exactMoney(amount: number, code = 'USD'): string {
  return formatsOf(code)
    .small.format(amount)
    .replace(/\u00a0/g, ' ');
}

/** How many decimals the currency is written with (2 for most, 0 for JPY). */
export function minorDigits(code: string): number {
  return formatsOf(code).small.resolvedOptions().maximumFractionDigits ?? 2;
}
