/**
 * /watch import with a Discord attachment: the real discord.js client receives the interaction
 * with `resolved.attachments` (or the HTTP interactions endpoint gets it signed in a POST), the
 * adapter downloads the file from its URL (a fake CDN here) and the real command imports it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchImportRow } from '../../../src/alerts/store.js';
import { MAX_FILE_BYTES } from '../../../src/core/command.js';
import { type DiscordHttpEndpoint, startDiscordHttpEndpoint } from '../../support/discord-http-endpoint.js';
import { OPTION, slashCommandInteraction } from '../../support/fakes/fake-discord-payloads.js';
import { FakeServer } from '../../support/fakes/fake-server.js';
import { recordingAlerting, WANTED_LIST_XML as WANTED } from '../../support/file-import.js';
import { answerTo, embedOf, type Harness, shown, startHarness } from './harness.js';
import { inMemoryDeps } from './in-memory-deps.js';

const ATTACHMENT = 11;

let h: Harness;
let cdn: FakeServer;
const imported: WatchImportRow[][] = [];
// The same fake Discord, posting signed interactions to the HTTP endpoint instead of the gateway.
let endpoint: DiscordHttpEndpoint;

beforeAll(async () => {
  cdn = await new FakeServer((req) =>
    req.url.pathname.endsWith('/wanted.xml') ? { status: 200, body: WANTED } : { status: 404, body: '' },
  ).start();
  h = await startHarness({ deps: { alerting: recordingAlerting(imported) } });
  const memory = inMemoryDeps({ alerting: recordingAlerting(imported) });
  endpoint = await startDiscordHttpEndpoint(h.fake, () => memory.deps);
});
afterAll(async () => {
  await endpoint?.close();
  await h?.close();
  await cdn?.close();
});

type Delivery = 'gateway' | 'http';

async function importWith(file: { filename: string; size: number; url: string }, via: Delivery = 'gateway') {
  const payload = slashCommandInteraction(h.fake.applicationId, {
    name: 'watch',
    options: [
      {
        name: 'import',
        type: OPTION.SUB_COMMAND,
        options: [{ name: 'file', type: ATTACHMENT, value: '900000000000000001' }],
      } as never,
    ],
  });
  (payload.data as Record<string, unknown>).resolved = {
    attachments: {
      '900000000000000001': {
        id: '900000000000000001',
        filename: file.filename,
        size: file.size,
        url: file.url,
        proxy_url: file.url,
        content_type: 'text/xml',
      },
    },
  };
  if (via === 'gateway') h.fake.sendInteraction(payload);
  else {
    const posted = await h.fake.postInteraction(endpoint.url, payload);
    // Answered privately in the response: watch import only answers the asker.
    expect(posted.body).toMatchObject({ type: 4, data: { flags: 64 } });
  }
  const answer = await answerTo(h.fake, payload.token as string);
  return { ...answer, private: (Number(answer.json?.flags ?? 0) & 64) === 64 };
}

describe.each<Delivery>(['gateway', 'http'])('watch import on Discord (%s)', (via) => {
  it('downloads the attached BrickLink XML and imports its figures, with line numbers', async () => {
    const requestsBefore = cdn.requests.length;
    const answer = await importWith(
      {
        filename: 'wanted.xml',
        size: Buffer.byteLength(WANTED),
        url: `${cdn.url}/attachments/1/2/wanted.xml`,
      },
      via,
    );
    const text = shown(embedOf(answer.json).description);
    // The in-memory catalogue is Star Wars: sw9999 is unknown, 3001 is a part.
    expect(text).toContain('Imported wanted.xml (BrickLink XML): 3 added (lines 3, 14 and 32).');
    expect(text).toContain('Not in the catalogue, skipped: line 41 sw9999.');
    expect(imported.at(-1)?.map((r) => [r.line, r.quantity, r.condition, r.paid?.amount ?? null])).toEqual([
      [3, 2, 'used', 45],
      [14, 1, 'new', null],
      [32, 3, 'used', 3.25],
    ]);
    expect(cdn.requests.slice(requestsBefore).map((r) => r.url.pathname)).toEqual([
      '/attachments/1/2/wanted.xml',
    ]);
  });

  it('a file over the limit is not downloaded, and nothing is imported', async () => {
    const before = imported.length;
    const answer = await importWith(
      {
        filename: 'huge.xml',
        size: MAX_FILE_BYTES + 1,
        url: `${cdn.url}/attachments/1/3/huge.xml`,
      },
      via,
    );
    expect(answer.private).toBe(true);
    expect(shown(embedOf(answer.json).description)).toContain('huge.xml is larger than 256 KB');
    expect(imported.length).toBe(before);
    expect(cdn.requests.some((r) => r.url.pathname.endsWith('huge.xml'))).toBe(false);
  });
});
