/**
 * "watch import" with a file sent to the bot in a Slack direct message: the real Bolt app gets the
 * message.im event (subtype file_share), downloads url_private with the bot token from a fake file
 * host, and the real command imports the BrickLink XML; the answer is posted in the DM.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import type { WatchImportRow } from '../../../src/alerts/store.js';
import { createDispatcher } from '../../../src/core/dispatch.js';
import { fakeDeps } from '../../support/fake-deps.js';
import { FakeServer } from '../../support/fakes/fake-server.js';
import { fileShareEventBody } from '../../support/fakes/slack-requests.js';
import { recordingAlerting, WANTED_LIST_XML as WANTED } from '../../support/file-import.js';
import { type SlackAppE2E, startSlackE2E } from '../../support/slack-e2e.js';

const who = { teamId: 'T0000TEAM1', userId: 'UCOLLECTOR', channelId: 'D0DIRECT01' };

function fileShareBody(text: string, file: { name: string; size: number; url: string }, channelType = 'im') {
  return fileShareEventBody({ ...who, text, file, channelType });
}

describe('watch import from a Slack direct message', () => {
  const imported: WatchImportRow[][] = [];
  let host: FakeServer;
  let e2e: SlackAppE2E;

  beforeAll(async () => {
    e2e = await startSlackE2E({
      dispatcher: createDispatcher({
        commands,
        deps: () => ({ ...fakeDeps(), alerting: recordingAlerting(imported) }),
        log: pino({ level: 'silent' }),
      }),
    });
    host = await new FakeServer((req) =>
      req.headers.authorization === `Bearer ${e2e.fake.token}`
        ? { status: 200, body: WANTED }
        : { status: 403, body: 'not allowed' },
    ).start();
  });
  afterAll(async () => {
    await e2e?.close();
    await host?.close();
  });

  it('downloads the file with the bot token, imports it and answers in the direct message', async () => {
    const file = {
      name: 'wanted.xml',
      size: Buffer.byteLength(WANTED),
      url: `${host.url}/files-pri/T1-F1/wanted.xml`,
    };
    const res = await e2e.post(fileShareBody('watch import', file));
    expect(res.status).toBe(200);
    const posted = await e2e.fake.waitFor('chat.postMessage', (c) =>
      String(c.params.text).includes('wanted.xml'),
    );
    expect(posted.params.channel).toBe(who.channelId);
    expect(String(posted.params.text)).toContain(
      'Imported wanted.xml (BrickLink XML): 3 added (lines 3, 14 and 32).',
    );
    expect(imported.at(-1)?.map((r) => [r.line, r.quantity, r.condition, r.paid?.amount ?? null])).toEqual([
      [3, 2, 'used', 45],
      [14, 1, 'new', null],
      [32, 3, 'used', 3.25],
    ]);
    expect(host.requests.at(-1)?.headers.authorization).toBe(`Bearer ${e2e.fake.token}`);
  });

  it('ignores files with other text, and files shared in channels', async () => {
    const before = host.requests.length;
    const file = { name: 'holiday.png', size: 10, url: `${host.url}/files-pri/T1-F2/holiday.png` };
    await e2e.post(fileShareBody('look at this', file));
    await e2e.post(fileShareBody('watch import', file, 'channel'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(host.requests.length).toBe(before);
  });
});
