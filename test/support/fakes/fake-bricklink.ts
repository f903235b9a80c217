import { createHmac, timingSafeEqual } from 'node:crypto';
import { type FakeGuideData, type GuideType, makeGuide, type NewOrUsed } from './bricklink-data.js';
import { type FakeRequest, type FakeResponse, FakeServer, type Fault } from './fake-server.js';

export interface FakeBrickLinkCredentials {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

export interface FakeBrickLinkOptions {
  credentials: FakeBrickLinkCredentials;
  /** The fake's clock for sale dates. */
  now: Date;
  /** Items BrickLink has no price data for (all-zero guides). */
  noData?: string[];
  /** Items whose prices come as JSON numbers. */
  numericPrices?: string[];
  /** Items BrickLink does not know (404 inside HTTP 200). */
  unknown?: string[];
  /**
   * Set inventories by set number ("75192-1"): the minifigures and their quantities. A set not
   * listed is unknown to BrickLink (404 inside HTTP 200); an empty list is a set without figures.
   */
  inventories?: Record<string, { itemNo: string; quantity: number }[]>;
}

const BASE_PATH = '/api/store/v1';
const PRICE_PATH = /^\/api\/store\/v1\/items\/MINIFIG\/([^/]+)\/price$/;
const SUBSETS_PATH = /^\/api\/store\/v1\/items\/SET\/([^/]+)\/subsets$/;

/**
 * BrickLink's Store API price guide endpoint on 127.0.0.1. It checks every request's OAuth 1.0a
 * HMAC-SHA1 signature with its own implementation of RFC 5849 (not the client's library) and
 * refuses replayed nonces, answering errors the way BrickLink does: HTTP 200 with meta.code.
 */
export class FakeBrickLink {
  readonly server: FakeServer;
  private readonly guides = new Map<string, FakeGuideData>();
  private readonly nonces = new Set<string>();

  constructor(private readonly opts: FakeBrickLinkOptions) {
    this.server = new FakeServer((req, fault) => this.handle(req, fault));
  }

  /** The base URL to configure as BRICKLINK_API_URL. */
  get url(): string {
    return `${this.server.url}${BASE_PATH}`;
  }

  get requests(): FakeRequest[] {
    return this.server.requests;
  }

  inject(fault: Fault, opts: { times?: number; itemNo?: string } = {}): void {
    const itemNo = opts.itemNo;
    this.server.inject(fault, {
      times: opts.times,
      match: itemNo ? (req) => itemOf(req) === itemNo || setOf(req) === itemNo : undefined,
    });
  }

  /** The guide the fake serves for this item (what the tests count expected rows from). */
  guide(itemNo: string, guideType: GuideType, newOrUsed: NewOrUsed): FakeGuideData | null {
    if (this.opts.unknown?.includes(itemNo)) return null;
    const key = `${itemNo}/${guideType}/${newOrUsed}`;
    let guide = this.guides.get(key);
    if (!guide) {
      guide = makeGuide(itemNo, guideType, newOrUsed, {
        now: this.opts.now,
        noData: this.opts.noData?.includes(itemNo),
        numericPrices: this.opts.numericPrices?.includes(itemNo),
      });
      this.guides.set(key, guide);
    }
    return guide;
  }

  /**
   * New sales of an item, as BrickLink reports them from then on: appended to the sold guide's
   * detail (a market that moves while a test runs), with the guide's summary recomputed.
   */
  addSales(itemNo: string, newOrUsed: NewOrUsed, sales: { price: number; at: Date }[]): void {
    const guide = this.guide(itemNo, 'sold', newOrUsed);
    if (!guide) throw new Error(`the fake does not know ${itemNo}`);
    for (const sale of sales) {
      guide.price_detail.push({
        quantity: 1,
        unit_price: sale.price.toFixed(4),
        seller_country_code: 'US',
        buyer_country_code: 'US',
        date_ordered: sale.at.toISOString(),
      });
    }
    const prices = guide.price_detail.map((d) => Number(d.unit_price));
    const avg = prices.reduce((sum, p) => sum + p, 0) / prices.length;
    Object.assign(guide, {
      min_price: Math.min(...prices).toFixed(4),
      max_price: Math.max(...prices).toFixed(4),
      avg_price: avg.toFixed(4),
      unit_quantity: prices.length,
    });
  }

  private handle(req: FakeRequest, fault: Fault | undefined): FakeResponse {
    const authProblem = this.checkSignature(req);
    if (authProblem) return meta(401, 'BAD_OAUTH_REQUEST', authProblem);
    if (fault?.kind === '401-in-200') {
      return meta(401, 'BAD_OAUTH_REQUEST', 'TOKEN_IP_MISMATCHED: the token is not registered for this IP');
    }
    if (fault?.kind === '500-in-200') return meta(500, 'INTERNAL_SERVER_ERROR', 'please try again later');
    const subsets = SUBSETS_PATH.exec(req.url.pathname);
    if (req.method === 'GET' && subsets?.[1]) return this.subsets(decodeURIComponent(subsets[1]));
    const match = PRICE_PATH.exec(req.url.pathname);
    if (req.method !== 'GET' || !match?.[1]) return meta(404, 'RESOURCE_NOT_FOUND', 'no such resource');
    const q = req.url.searchParams;
    const guideType = q.get('guide_type') ?? 'stock';
    const newOrUsed = q.get('new_or_used') ?? 'N';
    if ((guideType !== 'sold' && guideType !== 'stock') || (newOrUsed !== 'N' && newOrUsed !== 'U')) {
      return meta(400, 'PARAMETER_MISSING_OR_INVALID', 'guide_type or new_or_used');
    }
    const guide = this.guide(decodeURIComponent(match[1]), guideType, newOrUsed);
    if (!guide) return meta(404, 'RESOURCE_NOT_FOUND', 'item not found');
    let data: FakeGuideData = guide;
    if (fault?.kind === 'bad-price' && guide.price_detail.length > 0) {
      data = {
        ...guide,
        price_detail: [{ ...guide.price_detail[0], unit_price: 'abc' }, ...guide.price_detail.slice(1)],
      };
    }
    return {
      status: 200,
      body: JSON.stringify({ meta: { description: 'OK', message: 'OK', code: 200 }, data }),
    };
  }

  /**
   * A set's inventory the way BrickLink sends it: match groups of entries, minifigures among parts,
   * with an alternate and a counterpart that are not in the box as such.
   */
  private subsets(setNo: string): FakeResponse {
    const figures = this.opts.inventories?.[setNo];
    if (!figures) return meta(404, 'RESOURCE_NOT_FOUND', 'item not found');
    const part = (no: string, quantity: number, extra: object = {}) => ({
      item: { no, name: `Part ${no}`, type: 'PART', category_id: 5 },
      color_id: 11,
      quantity,
      extra_quantity: 0,
      is_alternate: false,
      is_counterpart: false,
      ...extra,
    });
    const data = [
      { match_no: 0, entries: [part('3001', 4)] },
      ...figures.map((f) => ({
        match_no: 0,
        entries: [
          {
            item: { no: f.itemNo, name: `Minifigure ${f.itemNo}`, type: 'MINIFIG', category_id: 65 },
            color_id: 0,
            quantity: f.quantity,
            extra_quantity: 0,
            is_alternate: false,
            is_counterpart: false,
          },
        ],
      })),
      {
        match_no: 1,
        entries: [part('3002', 1, { is_alternate: true }), part('3003', 1, { is_counterpart: true })],
      },
    ];
    return {
      status: 200,
      body: JSON.stringify({ meta: { description: 'OK', message: 'OK', code: 200 }, data }),
    };
  }

  /** RFC 5849 §3.4.1 signature base string and §3.4.2 HMAC-SHA1, written out independently. */
  private checkSignature(req: FakeRequest): string | null {
    const header = req.headers.authorization;
    if (!header?.startsWith('OAuth ')) return 'PARAMETER_MISSING_OR_INVALID: no OAuth Authorization header';
    const oauth = new Map<string, string>();
    for (const part of header.slice(6).split(',')) {
      const m = /^\s*([^=]+)="([^"]*)"\s*$/.exec(part);
      if (m?.[1] && m[2] !== undefined) oauth.set(decodeURIComponent(m[1]), decodeURIComponent(m[2]));
    }
    const c = this.opts.credentials;
    if (oauth.get('oauth_consumer_key') !== c.consumerKey) return 'CONSUMER_KEY_UNKNOWN';
    if (oauth.get('oauth_token') !== c.token) return 'TOKEN_VALUE_MISMATCHED';
    if (oauth.get('oauth_signature_method') !== 'HMAC-SHA1') return 'SIGNATURE_METHOD_UNSUPPORTED';
    const nonce = `${oauth.get('oauth_timestamp')}/${oauth.get('oauth_nonce')}`;
    if (!oauth.get('oauth_nonce') || this.nonces.has(nonce)) return 'NONCE_USED';
    this.nonces.add(nonce);

    const params: [string, string][] = [];
    for (const [k, v] of req.url.searchParams) params.push([k, v]);
    for (const [k, v] of oauth) if (k !== 'oauth_signature' && k !== 'realm') params.push([k, v]);
    const normalised = params
      .map(([k, v]) => [encode(k), encode(v)] as const)
      .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const baseUri = `http://${req.headers.host}${req.url.pathname}`;
    const base = [req.method.toUpperCase(), encode(baseUri), encode(normalised)].join('&');
    const key = `${encode(c.consumerSecret)}&${encode(c.tokenSecret)}`;
    const expected = Buffer.from(createHmac('sha1', key).update(base).digest('base64'));
    const given = Buffer.from(oauth.get('oauth_signature') ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'SIGNATURE_INVALID';
    return null;
  }

  start(): Promise<FakeServer> {
    return this.server.start();
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

export async function startFakeBrickLink(opts: FakeBrickLinkOptions): Promise<FakeBrickLink> {
  const fake = new FakeBrickLink(opts);
  await fake.start();
  return fake;
}

/** Requests for one set's inventory. */
export function setOf(req: FakeRequest): string | undefined {
  const m = SUBSETS_PATH.exec(req.url.pathname);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

/** Requests for one figure's price guide. */
export function itemOf(req: FakeRequest): string | undefined {
  const m = PRICE_PATH.exec(req.url.pathname);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

function meta(code: number, message: string, description: string): FakeResponse {
  return { status: 200, body: JSON.stringify({ meta: { description, message, code }, data: {} }) };
}

function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
