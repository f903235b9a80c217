import { SourceError } from '../../core/errors.js';
import type { HttpClient } from '../http.js';
import { tokenResponse } from './wire.js';

export interface EbayCredentials {
  clientId: string;
  clientSecret: string;
}

/** The public Browse API only needs the basic scope. */
export const EBAY_SCOPE = 'https://api.ebay.com/oauth/api_scope';
/** Renew this long before eBay's expiry, so that no request goes out with a token about to lapse. */
const RENEW_MARGIN_MS = 5 * 60_000;

/**
 * An application access token (client-credentials grant), kept until shortly before it expires.
 * eBay caps token requests at 1,000 a day and a token lives 7,200 s, so one per two hours is
 * plenty; concurrent callers share one request in flight.
 */
export class EbayTokenCache {
  private token: { value: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  /** `http` is the token endpoint's own client, so that its requests are counted apart. */
  constructor(
    private readonly http: HttpClient,
    private readonly credentials: EbayCredentials,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Token requests sent (they have their own daily cap, apart from the Browse quota). */
  get requests(): number {
    return this.http.attempts;
  }

  async get(signal?: AbortSignal): Promise<string> {
    if (this.token && this.now().getTime() < this.token.renewAt) return this.token.value;
    this.pending ??= this.request(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forget the token (eBay said 401 to it), so the next `get` asks for a new one. */
  invalidate(): void {
    this.token = undefined;
  }

  private async request(signal?: AbortSignal): Promise<string> {
    const { clientId, clientSecret } = this.credentials;
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const body = await this.http.json({
      method: 'POST',
      path: '/identity/v1/oauth2/token',
      headers: () => ({
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      }),
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: EBAY_SCOPE }).toString(),
      signal,
    });
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success) {
      throw new SourceError('eBay token: the answer has no access_token and expires_in', {
        retryable: false,
      });
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    const margin = Math.min(RENEW_MARGIN_MS, lifetimeMs / 10);
    this.token = { value: parsed.data.access_token, renewAt: this.now().getTime() + lifetimeMs - margin };
    return this.token.value;
  }
}
