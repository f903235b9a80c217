/**
 * Exact decimal arithmetic on scaled integers. Prices and exchange rates arrive as decimal strings
 * ("12.3400", "1.0163"); binary floats would lose cents (0.1 + 0.2), so values are held as BigInt
 * counts of 10^-scale units and every division rounds half up, as PostgreSQL's round() does.
 */

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

export function pow10(exponent: number): bigint {
  return POW10[exponent] ?? 10n ** BigInt(exponent);
}

/**
 * A non-negative decimal string as an integer count of 10^-scale units, rounded half up when the
 * text has more digits than `scale`. Null for anything else: signs, exponents, blanks, "abc".
 */
export function toScaled(text: string, scale: number): bigint | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const whole = m[1] as string;
  const fraction = m[2] ?? '';
  if (fraction.length <= scale) return BigInt(whole + fraction.padEnd(scale, '0'));
  const kept = BigInt(whole + fraction.slice(0, scale));
  return fraction.charCodeAt(scale) >= 53 /* '5' */ ? kept + 1n : kept;
}

/** The decimal text of `units` × 10^-scale, with exactly `scale` fraction digits ("12.3400"). */
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** numerator / denominator for non-negative integers, rounded half up. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('division by a non-positive number');
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * a / b for two decimal strings, rounded half up to `scale` fraction digits; null when either is
 * not a decimal or b is zero. Used to derive USD-based rates from ECB's EUR-based ones.
 */
export function divideDecimals(a: string, b: string, scale: number): string | null {
  const ma = DECIMAL.exec(a);
  const mb = DECIMAL.exec(b);
  if (!ma || !mb) return null;
  const aScale = (ma[2] ?? '').length;
  const bScale = (mb[2] ?? '').length;
  const aUnits = BigInt((ma[1] as string) + (ma[2] ?? ''));
  const bUnits = BigInt((mb[1] as string) + (mb[2] ?? ''));
  if (bUnits === 0n) return null;
  // a/b × 10^scale = aUnits × 10^(scale + bScale − aScale) / bUnits
  const shift = scale + bScale - aScale;
  const result =
    shift >= 0 ? divideRounded(aUnits * pow10(shift), bUnits) : divideRounded(aUnits, bUnits * pow10(-shift));
  return formatScaled(result, scale);
}
