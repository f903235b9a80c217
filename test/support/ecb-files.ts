import path from 'node:path';
import { REFERENCE_DATA } from '../../src/reference-data/index.js';
import { FIXTURES } from './paths.js';

/** ECB's daily XML as published on 2022-07-08 (31 rates, HRK included). */
export const ECB_DAILY_XML = path.join(FIXTURES, 'ecb/eurofxref-daily_2022-07-08.xml');
/** ECB's full history CSV, 1999-01-04 to 2025-05-09, newest first, N/A cells and trailing commas. */
export const ECB_HISTORY_CSV = REFERENCE_DATA.ecbHistory;

/**
 * Checks that `usdRate` (units per USD, 10 decimals) is ecbRate / ecbUsd correctly rounded:
 * |usdRate × ecbUsd − ecbRate| ≤ ½·10⁻¹⁰ × ecbUsd, in exact integer arithmetic. Independent of the
 * division code under test: it only multiplies.
 */
export function isRoundedQuotient(usdRate: string, ecbRate: string, ecbUsd: string): boolean {
  const units = (s: string, scale: number) => {
    const [w, f = ''] = s.split('.');
    return BigInt(`${w}${f.padEnd(scale, '0').slice(0, scale)}`);
  };
  const S = 20; // enough places for every operand
  const r = units(usdRate, 10) * 10n ** 10n; // rate at scale 20
  const u = units(ecbUsd, S);
  const e = units(ecbRate, S);
  const lhs = r * u - e * 10n ** 20n; // (rate × usd − ecb) at scale 40
  const bound = 5n * 10n ** 9n * u; // ½·10⁻¹⁰ × usd at scale 40
  return (lhs < 0n ? -lhs : lhs) <= bound;
}
