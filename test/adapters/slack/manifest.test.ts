import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SLACK_BOT_SCOPES,
  SLACK_EVENTS_PATH,
  SLACK_REDIRECT_PATH,
} from '../../../src/adapters/slack/index.js';
import { REPO_ROOT } from '../../support/paths.js';

/**
 * The manifest creates the Slack app in one step, so it must ask for every scope the adapter uses
 * and send every kind of request to the one path the receiver serves. No YAML library is installed,
 * so the checks read the lines: the manifest is flat enough for that.
 */
describe('Slack app manifest', () => {
  const text = readFileSync(path.join(REPO_ROOT, 'src/adapters/slack/manifest.yml'), 'utf8');
  const lines = text.split('\n').filter((l) => !l.trimStart().startsWith('#'));
  const linesAfter = (key: string) => lines.slice(lines.findIndex((l) => l.trim() === key) + 1);
  const listUnder = (key: string) => {
    const items: string[] = [];
    for (const line of linesAfter(key)) {
      const m = /^\s*- (\S+)\s*$/.exec(line);
      if (!m?.[1]) break;
      items.push(m[1]);
    }
    return items;
  };

  it('asks for exactly the bot scopes the adapter uses, the same ones "Add to Slack" asks for', () => {
    expect(listUnder('bot:').sort()).toEqual(
      [
        'app_mentions:read',
        'chat:write',
        'commands',
        'files:read',
        'files:write',
        'im:history',
        'im:write',
        'users:read',
      ].sort(),
    );
    expect(listUnder('bot:').sort()).toEqual([...SLACK_BOT_SCOPES].sort());
  });

  it('sends installs back to the OAuth redirect route', () => {
    const [redirect] = listUnder('redirect_urls:');
    expect(new URL(redirect ?? '').pathname).toBe(SLACK_REDIRECT_PATH);
  });

  it('sends the slash command, events and interactivity to the receiver path', () => {
    const urls = lines
      .map((l) => /^\s*(?:- )?(url|request_url): (\S+)\s*$/.exec(l))
      .filter((m) => m !== null);
    expect(urls.map((m) => m[1]).sort()).toEqual(['request_url', 'request_url', 'url']);
    for (const m of urls) expect(new URL(m[2] ?? '').pathname).toBe(SLACK_EVENTS_PATH);
    expect(text).toMatch(/^\s*- command: \/minifig\s*$/m);
    expect(listUnder('bot_events:')).toEqual([
      'app_mention',
      'message.im',
      'app_uninstalled',
      'tokens_revoked',
    ]);
    expect(linesAfter('interactivity:')[0]?.trim()).toBe('is_enabled: true');
  });

  it('uses spaces only (YAML forbids tabs for indentation)', () => {
    expect(text).not.toMatch(/\t/);
  });
});
