import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../paths.js';
import { type FakeRequest, type FakeResponse, FakeServer, type Fault } from './fake-server.js';
import { hash, seededRandom } from './seeded-random.js';

export interface FakeEbayOptions {
  clientId: string;
  clientSecret: string;
  /** The fake's clock for item creation dates. */
  now: Date;
  /** How many items a query finds (default: 3 to 30, fixed per query). */
  itemsFor?: (q: string) => number;
  /** Token lifetime in seconds (eBay: 7,200). */
  tokenLifetime?: number;
  /** Currencies to draw prices in (default USD only). */
  currencies?: string[];
}

export interface FakeItem {
  itemId: string;
  title: string;
  price: { value: string; currency: string };
  condition: string;
  conditionId: string;
  seller: { username: string; feedbackPercentage: string; feedbackScore: number };
  itemCreationDate: string;
  [key: string]: unknown;
}

const SEARCH_PATH = '/buy/browse/v1/item_summary/search';
const TOKEN_PATH = '/identity/v1/oauth2/token';
const SCOPE = 'https://api.ebay.com/oauth/api_scope';
const CONDITIONS = [
  ['New', '1000'],
  ['New: Other (see details)', '1500'],
  ['Used', '3000'],
  ['Used', '3000'],
] as const;

/** Real-looking titles: the matcher's labelled set (figures, lots, keychains, foreign languages). */
const TITLES = readFileSync(path.join(REPO_ROOT, 'test/fixtures/matching/labelled-titles.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t')[0] ?? '')
  .filter(Boolean);

/**
 * eBay's OAuth token endpoint and Browse search on 127.0.0.1, in their wire formats: Basic auth
 * for the client-credentials grant, Bearer tokens that expire or can be revoked, the marketplace
 * header, limit/offset paging with `next`, and eBay's `errors` array on failures.
 */
export class FakeEbay {
  readonly server: FakeServer;
  private readonly tokens = new Map<string, number>();
  private readonly items = new Map<string, FakeItem[]>();
  tokensIssued = 0;

  constructor(private readonly opts: FakeEbayOptions) {
    this.server = new FakeServer((req, fault) => this.handle(req, fault));
  }

  get url(): string {
    return this.server.url;
  }

  get requests(): FakeRequest[] {
    return this.server.requests;
  }

  searchRequests(): FakeRequest[] {
    return this.requests.filter((r) => r.url.pathname === SEARCH_PATH);
  }

  inject(fault: Fault, opts: { times?: number; search?: boolean } = {}): void {
    this.server.inject(fault, {
      times: opts.times,
      match: opts.search === false ? undefined : (req) => req.url.pathname === SEARCH_PATH,
    });
  }

  /** Every token issued so far stops working (as when eBay revokes them early). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Everything a query finds, in result order (what tests count expected rows from). */
  itemsFor(q: string): FakeItem[] {
    let list = this.items.get(q);
    if (!list) {
      const random = seededRandom(hash(q));
      const count = this.opts.itemsFor?.(q) ?? 3 + Math.floor(random() * 28);
      const currencies = this.opts.currencies ?? ['USD'];
      list = Array.from({ length: count }, (_, i) => {
        const [condition, conditionId] =
          CONDITIONS[Math.floor(random() * CONDITIONS.length)] ?? CONDITIONS[0];
        const id = String(100000000000 + (hash(`${q}#${i}`) % 899999999999));
        return {
          itemId: `v1|${id}|0`,
          title: TITLES[Math.floor(random() * TITLES.length)] ?? 'LEGO minifigure',
          leafCategoryIds: ['19001'],
          categories: [{ categoryId: '19001', categoryName: 'LEGO Minifigures' }],
          image: { imageUrl: `https://i.ebayimg.com/images/g/${id}/s-l225.jpg` },
          price: {
            value: (1 + Math.floor(random() * 9000) / 100).toFixed(2),
            currency: currencies[Math.floor(random() * currencies.length)] ?? 'USD',
          },
          itemHref: `https://api.ebay.com/buy/browse/v1/item/v1%7C${id}%7C0`,
          seller: {
            username: `brick_${hash(`${id}s`) % 997}`,
            feedbackPercentage: '99.6',
            feedbackScore: hash(id) % 20000,
          },
          condition,
          conditionId,
          buyingOptions: ['FIXED_PRICE'],
          itemWebUrl: `https://www.ebay.com/itm/${id}`,
          itemLocation: { postalCode: '941**', country: 'US' },
          itemCreationDate: new Date(
            this.opts.now.getTime() - Math.floor(random() * 90 * 86_400_000),
          ).toISOString(),
          marketplaceId: 'EBAY_US',
        };
      });
      this.items.set(q, list);
    }
    return list;
  }

  private handle(req: FakeRequest, fault: Fault | undefined): FakeResponse {
    if (req.url.pathname === TOKEN_PATH) return this.token(req);
    if (req.url.pathname !== SEARCH_PATH || req.method !== 'GET')
      return error(404, 2002, 'Resource not found');
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = bearer ? this.tokens.get(bearer) : undefined;
    if (fault?.kind === '401' || expires === undefined || expires < Date.now()) {
      return error(
        401,
        1001,
        'Invalid access token',
        'Check the value of the Authorization HTTP request header.',
      );
    }
    if (!req.headers['x-ebay-c-marketplace-id']) return error(400, 12001, 'The marketplace value is missing');
    const q = req.url.searchParams.get('q');
    if (!q) return error(400, 12001, 'The q or category_ids parameter is required');
    const limit = Math.min(200, Number(req.url.searchParams.get('limit') ?? 50));
    const offset = Number(req.url.searchParams.get('offset') ?? 0);
    if (offset + limit > 10_000) return error(400, 12007, 'offset + limit cannot exceed 10000');
    const all = this.itemsFor(q);
    let page: unknown[] = all.slice(offset, offset + limit);
    if (fault?.kind === 'bad-price' && page.length > 0) {
      const [first, ...rest] = page as FakeItem[];
      page = [{ ...first, price: { value: 'abc', currency: 'USD' } }, ...rest];
    }
    const href = (o: number) =>
      `https://api.ebay.com${SEARCH_PATH}?q=${encodeURIComponent(q)}&category_ids=19001&limit=${limit}&offset=${o}`;
    const body: Record<string, unknown> = { href: href(offset), total: all.length, limit, offset };
    if (offset + limit < all.length) body.next = href(offset + limit);
    if (offset > 0) body.prev = href(Math.max(0, offset - limit));
    if (page.length > 0) body.itemSummaries = page;
    return { status: 200, body: JSON.stringify(body) };
  }

  private token(req: FakeRequest): FakeResponse {
    const expected = Buffer.from(`${this.opts.clientId}:${this.opts.clientSecret}`).toString('base64');
    if (req.method !== 'POST' || req.headers.authorization !== `Basic ${expected}`) {
      return {
        status: 401,
        body: '{"error":"invalid_client","error_description":"client authentication failed"}',
      };
    }
    const form = new URLSearchParams(req.body);
    if (
      req.headers['content-type'] !== 'application/x-www-form-urlencoded' ||
      form.get('grant_type') !== 'client_credentials' ||
      form.get('scope') !== SCOPE
    ) {
      return {
        status: 400,
        body: '{"error":"invalid_request","error_description":"request is missing a required parameter"}',
      };
    }
    const lifetime = this.opts.tokenLifetime ?? 7200;
    const token = `v^1.1#i^1#p^1#fake-${++this.tokensIssued}`;
    this.tokens.set(token, Date.now() + lifetime * 1000);
    return {
      status: 200,
      body: JSON.stringify({
        access_token: token,
        expires_in: lifetime,
        token_type: 'Application Access Token',
      }),
    };
  }

  start(): Promise<FakeServer> {
    return this.server.start();
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

export async function startFakeEbay(opts: FakeEbayOptions): Promise<FakeEbay> {
  const fake = new FakeEbay(opts);
  await fake.start();
  return fake;
}

function error(status: number, errorId: number, message: string, longMessage?: string): FakeResponse {
  const domain = status === 401 ? 'OAuth' : 'API_BROWSE';
  return {
    status,
    body: JSON.stringify({
      errors: [{ errorId, domain, category: 'REQUEST', message, longMessage: longMessage ?? message }],
    }),
  };
}
