import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';

export interface BrickLinkCredentials {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

export interface OAuthSigner {
  /** The `Authorization: OAuth ...` header value for this exact method and URL (query included). */
  authorization(method: string, url: string): string;
}

/** Test seams: the spec's examples fix the nonce and the timestamp. */
export interface SignerClock {
  nonce?: () => string;
  timestamp?: () => number;
}

/**
 * OAuth 1.0a with HMAC-SHA1, as BrickLink's Store API requires (it has no OAuth flow: the four
 * values come from the API registration page). Signing is done by the oauth-1.0a library with
 * node:crypto's HMAC; the tests check it against the published reference signatures.
 */
export function createOAuthSigner(credentials: BrickLinkCredentials, clock: SignerClock = {}): OAuthSigner {
  const oauth = createOAuth(credentials.consumerKey, credentials.consumerSecret);
  if (clock.nonce) oauth.getNonce = clock.nonce;
  if (clock.timestamp) oauth.getTimeStamp = clock.timestamp;
  const token = { key: credentials.token, secret: credentials.tokenSecret };
  return {
    authorization(method, url) {
      return oauth.toHeader(oauth.authorize({ method, url }, token)).Authorization;
    },
  };
}

export function createOAuth(consumerKey: string, consumerSecret: string): OAuth {
  return new OAuth({
    consumer: { key: consumerKey, secret: consumerSecret },
    signature_method: 'HMAC-SHA1',
    hash_function: (baseString, key) => createHmac('sha1', key).update(baseString).digest('base64'),
  });
}
