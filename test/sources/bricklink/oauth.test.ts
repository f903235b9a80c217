import { describe, expect, it } from 'vitest';
import { createOAuth, createOAuthSigner } from '../../../src/sources/bricklink/oauth.js';

// The reference example of both specifications: photos.example.net, with these four values.
const CONSUMER = { key: 'dpf43f3p2l4k3l03', secret: 'kd94hf93k423kf44' };
const TOKEN = { key: 'nnch734d00sl2jdk', secret: 'pfkkdhi9sl3r4s00' };
const URL = 'http://photos.example.net/photos?file=vacation.jpg&size=original';

describe('OAuth 1.0a HMAC-SHA1 signing', () => {
  it('reproduces the OAuth Core 1.0a Appendix A signature and header', () => {
    const signer = createOAuthSigner(
      {
        consumerKey: CONSUMER.key,
        consumerSecret: CONSUMER.secret,
        token: TOKEN.key,
        tokenSecret: TOKEN.secret,
      },
      { nonce: () => 'kllo9940pd9333jh', timestamp: () => 1191242096 },
    );
    const header = signer.authorization('GET', URL);
    // Appendix A.5.2: oauth_signature = tR3+Ty81lMeYAr/Fid0kMTYa/WM=
    expect(header).toContain('oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D"');
    expect(header).toMatch(/^OAuth /);
    for (const part of [
      'oauth_consumer_key="dpf43f3p2l4k3l03"',
      'oauth_token="nnch734d00sl2jdk"',
      'oauth_signature_method="HMAC-SHA1"',
      'oauth_timestamp="1191242096"',
      'oauth_nonce="kllo9940pd9333jh"',
      'oauth_version="1.0"',
    ]) {
      expect(header).toContain(part);
    }
  });

  it('builds the Appendix A.5.1 signature base string', () => {
    const oauth = createOAuth(CONSUMER.key, CONSUMER.secret);
    const base = oauth.getBaseString(
      { method: 'GET', url: URL },
      {
        oauth_consumer_key: CONSUMER.key,
        oauth_token: TOKEN.key,
        oauth_signature_method: 'HMAC-SHA1',
        oauth_timestamp: 1191242096,
        oauth_nonce: 'kllo9940pd9333jh',
        oauth_version: '1.0',
      },
    );
    expect(base).toBe(
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03' +
        '%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096' +
        '%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal',
    );
  });

  it('reproduces the RFC 5849 section 1.2 signature (no oauth_version)', () => {
    const oauth = createOAuth(CONSUMER.key, CONSUMER.secret);
    const signature = oauth.getSignature({ method: 'GET', url: URL }, TOKEN.secret, {
      oauth_consumer_key: CONSUMER.key,
      oauth_token: TOKEN.key,
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: 137131202,
      oauth_nonce: 'chapoH',
    } as Parameters<typeof oauth.getSignature>[2]);
    expect(signature).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=');
  });

  it('signs every request with a fresh nonce', () => {
    const signer = createOAuthSigner({ consumerKey: 'a', consumerSecret: 'b', token: 'c', tokenSecret: 'd' });
    const nonce = (h: string) => /oauth_nonce="([^"]+)"/.exec(h)?.[1];
    const first = signer.authorization(
      'GET',
      'https://api.bricklink.com/api/store/v1/items/MINIFIG/sw0001a/price',
    );
    const second = signer.authorization(
      'GET',
      'https://api.bricklink.com/api/store/v1/items/MINIFIG/sw0001a/price',
    );
    expect(nonce(first)).toBeTruthy();
    expect(nonce(first)).not.toBe(nonce(second));
  });
});
