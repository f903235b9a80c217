import type Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import type { RawListing } from '../../ingest/types.js';
import { createLimiter, HttpClient, type RateLimit, type RetryPolicy, rfc3986 } from '../http.js';
import { type GuideRequest, type GuideSummary, mapPriceGuide, type Rejection } from './mapper.js';
import { type BrickLinkCredentials, createOAuthSigner, type OAuthSigner } from './oauth.js';
import { type InventoryEntry, parseSetMinifigures } from './subsets.js';
import {
  checkEnvelope,
  GUIDE_TYPES,
  type GuideType,
  NEW_OR_USED,
  type NewOrUsed,
  type PriceGuideData,
  parsePriceGuide,
} from './wire.js';

/** What the rest of the system needs to know about this source. */
export const BRICKLINK = {
  name: 'BrickLink',
  /** sold and stock × new and used: one full price guide. */
  callsPerFigure: GUIDE_TYPES.length * NEW_OR_USED.length,
  /** Gentle pacing; the daily quota (5,000 calls) is enforced by the job's budget, not here. */
  rateLimit: { maxConcurrent: 2, minTimeMs: 250 } satisfies RateLimit,
  /** Prices are requested in USD, excluding VAT, worldwide (no region or country filter). */
  currency: 'USD',
} as const;

export interface BrickLinkClientOptions {
  baseUrl: string;
  credentials: BrickLinkCredentials;
  timeoutMs: number;
  limiter?: Bottleneck;
  retry?: Partial<RetryPolicy>;
  log?: Logger;
  now?: () => Date;
  signer?: OAuthSigner;
}

/** One of a figure's four guides as BrickLink reported it. */
export interface GuideResult extends GuideRequest {
  currency: string;
  /** BrickLink's own summary figures; null when it has no data (an all-zero guide). */
  summary: GuideSummary | null;
  /** The `price_detail` entries as received, for computing our figures over the same entries. */
  detail: unknown[];
}

/** One figure's full price guide, mapped: every detail entry as a listing, plus the four guides. */
export interface FigureGuides {
  itemNo: string;
  fetchedAt: Date;
  listings: RawListing[];
  rejected: Rejection[];
  guides: GuideResult[];
}

export class BrickLinkClient {
  private readonly http: HttpClient;
  private readonly signer: OAuthSigner;
  private readonly now: () => Date;

  constructor(opts: BrickLinkClientOptions) {
    this.http = new HttpClient({
      source: BRICKLINK.name,
      baseUrl: opts.baseUrl,
      timeoutMs: opts.timeoutMs,
      limiter: opts.limiter ?? createLimiter(BRICKLINK.rateLimit),
      retry: opts.retry,
      log: opts.log,
    });
    this.signer = opts.signer ?? createOAuthSigner(opts.credentials);
    this.now = opts.now ?? (() => new Date());
  }

  /** Requests sent so far, retries included (the daily quota counts every one). */
  get calls(): number {
    return this.http.attempts;
  }

  /** GET /items/MINIFIG/{no}/price for one guide type and condition. */
  async priceGuide(
    itemNo: string,
    guideType: GuideType,
    newOrUsed: NewOrUsed,
    signal?: AbortSignal,
  ): Promise<PriceGuideData> {
    const path = `/items/MINIFIG/${rfc3986(itemNo)}/price`;
    const label = `BrickLink ${itemNo} ${guideType}/${newOrUsed}`;
    const body = await this.http.json({
      path,
      query: { guide_type: guideType, new_or_used: newOrUsed, currency_code: BRICKLINK.currency, vat: 'N' },
      headers: (url, method) => ({ authorization: this.signer.authorization(method, url) }),
      check: (b) => checkEnvelope(b, label),
      signal,
    });
    return parsePriceGuide(body, label);
  }

  /**
   * GET /items/SET/{no}/subsets: the minifigures of a set ("75192-1") with their quantities, one
   * call. Minifigures stay whole (break_minifigs=false), which is what a collector gets in the box.
   */
  async setMinifigures(setNo: string, signal?: AbortSignal): Promise<InventoryEntry[]> {
    const label = `BrickLink set ${setNo} inventory`;
    const body = await this.http.json({
      path: `/items/SET/${rfc3986(setNo)}/subsets`,
      query: { break_minifigs: 'false' },
      headers: (url, method) => ({ authorization: this.signer.authorization(method, url) }),
      check: (b) => checkEnvelope(b, label),
      signal,
    });
    return parseSetMinifigures(body, label);
  }

  /**
   * All four guides of one figure. The figure is the unit of work: if any guide fails (after
   * retries), the whole figure fails and nothing of it is returned, so a later run refetches it
   * whole rather than leaving it half-refreshed.
   */
  async fetchFigure(itemNo: string, signal?: AbortSignal): Promise<FigureGuides> {
    const fetchedAt = this.now();
    const requests: GuideRequest[] = GUIDE_TYPES.flatMap((guideType) =>
      NEW_OR_USED.map((newOrUsed) => ({ itemNo, guideType, newOrUsed })),
    );
    const settled = await Promise.allSettled(
      requests.map((r) => this.priceGuide(r.itemNo, r.guideType, r.newOrUsed, signal)),
    );
    const failure = settled.find((s) => s.status === 'rejected');
    if (failure) throw failure.reason;

    const result: FigureGuides = { itemNo, fetchedAt, listings: [], rejected: [], guides: [] };
    settled.forEach((s, i) => {
      const request = requests[i];
      if (s.status !== 'fulfilled' || !request) return;
      const mapped = mapPriceGuide(request, s.value, fetchedAt);
      result.listings.push(...mapped.listings);
      result.rejected.push(...mapped.rejected);
      result.guides.push({
        ...request,
        currency: s.value.currency_code,
        summary: mapped.summary,
        detail: s.value.price_detail,
      });
    });
    return result;
  }
}
