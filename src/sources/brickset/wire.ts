import { SourceError } from '../../core/errors.js';

/**
 * Brickset API v3 (https://brickset.com/api/v3.asmx/<method>): every answer is JSON with a
 * `status` of "success" or "error"; errors (a bad key, too many calls) arrive as HTTP 200.
 */
export interface BricksetEnvelope {
  status: 'success' | 'error';
  message?: string;
  matches?: number;
}

export interface BricksetSet {
  setID: number;
  number: string;
  numberVariant: number;
  name: string;
  year: number;
  theme: string;
  subtheme?: string;
  category?: string;
  minifigs?: number;
  launchDate?: string | null;
  exitDate?: string | null;
  /** LEGO.com's own shop per country: its retail price in the local currency and when it sold the set. */
  LEGOCom?: Partial<Record<'US' | 'UK' | 'CA' | 'DE', LegoComRegion>>;
}

export interface LegoComRegion {
  retailPrice?: number;
  dateFirstAvailable?: string;
  dateLastAvailable?: string;
}

export interface GetSetsResponse extends BricksetEnvelope {
  sets: BricksetSet[];
}

export interface KeyUsageResponse extends BricksetEnvelope {
  apiKeyUsage: { dateStamp: string; count: number }[];
}

/** Raises Brickset's in-band errors; "too many" is worth retrying later, a bad key is not. */
export function checkEnvelope(body: unknown): void {
  const b = body as Partial<BricksetEnvelope> | null;
  if (!b || typeof b !== 'object' || (b.status !== 'success' && b.status !== 'error')) {
    throw new SourceError('Brickset: the answer has no status field; not a Brickset API response', {
      retryable: true,
    });
  }
  if (b.status === 'error') {
    const message = b.message ?? 'unknown error';
    throw new SourceError(`Brickset: ${message}`, { retryable: /too many|limit|try again/i.test(message) });
  }
}

/** "75192" and "75192-1" are the same set to Brickset; BrickLink omits the variant for the first. */
export function fullSetNumber(number: string): string {
  const n = number.trim();
  return /-\d+$/.test(n) ? n : `${n}-1`;
}
