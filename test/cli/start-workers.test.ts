/**
 * `minifig start --workers 2`: one primary, two worker processes sharing PORT. Every signed Slack
 * command gets exactly one answer whichever worker takes it, a worker that dies is replaced, and
 * Ctrl-C stops them all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../notifier/e2e-support.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { FakeSlack } from '../support/fakes/fake-slack.js';
import { slashCommandBody } from '../support/fakes/slack-requests.js';
import { MINIFIG_BIN } from '../support/minifig-cli.js';
import { REPO_ROOT } from '../support/paths.js';
import { responseId, SlackE2E } from '../support/slack-e2e.js';

const SECRET = 'workers-signing-secret';

function workersOf(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text ? text.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

describe('minifig start --workers 2', { timeout: 240_000 }, () => {
  let db: TestDatabase;
  const slack = new FakeSlack();
  let child: ChildProcess;
  let output = '';
  let url = '';

  beforeAll(async () => {
    db = await createTestDatabase();
    await slack.start();
    child = spawn('node', [MINIFIG_BIN, 'start', '--workers', '2', '--no-console'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: 'error',
        DATABASE_URL: db.url,
        PORT: '0',
        SLACK_BOT_TOKEN: slack.token,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
      },
    });
    child.stdout?.on('data', (d: Buffer) => {
      output += d;
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d;
    });
    await until(() => /running in 2 workers; health at http:\/\/localhost:\d+/.test(output), 90_000).catch(
      () => {
        throw new Error(`the cluster did not start:\n${output}`);
      },
    );
    url = `http://127.0.0.1:${/localhost:(\d+)/.exec(output)?.[1]}/slack/events`;
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      for (const pid of workersOf(child.pid as number)) process.kill(pid, 'SIGKILL');
    }
    await slack.close();
    await db?.drop();
  });

  it('answers every command once across the workers, replaces a worker that dies, and stops on Ctrl-C', async () => {
    const primary = child.pid as number;
    expect(workersOf(primary)).toHaveLength(2);

    const ask = async (n: number) => {
      const responseUrl = slack.responseUrl();
      const who = { teamId: slack.teamId, userId: `UWORKER${n}`, channelId: 'C0WORKERS1' };
      const body = slashCommandBody({ ...who, text: 'help', responseUrl });
      const res = await new SlackE2E(slack, url, SECRET).post(body, 'application/x-www-form-urlencoded');
      expect(res.status).toBe(200);
      return responseId(responseUrl);
    };
    const ids = await Promise.all(Array.from({ length: 20 }, (_, n) => ask(n)));
    await until(() => ids.every((id) => slack.callsTo('response').some((c) => c.id === id)), 30_000);
    for (const id of ids) expect(slack.callsTo('response').filter((c) => c.id === id)).toHaveLength(1);

    const [first] = workersOf(primary);
    process.kill(first as number, 'SIGKILL');
    await until(() => {
      const now = workersOf(primary);
      return now.length === 2 && !now.includes(first as number);
    }, 60_000);
    // The replacement serves too: more commands are all answered.
    const more = await Promise.all(Array.from({ length: 6 }, (_, n) => ask(100 + n)));
    await until(() => more.every((id) => slack.callsTo('response').some((c) => c.id === id)), 60_000);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('Shutting down 2 workers');
  });
});
