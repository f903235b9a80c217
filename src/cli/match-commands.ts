import { createInterface } from 'node:readline';
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { UserError } from '../core/errors.js';
import { createMatcher, type Matcher, type MatchResult, readBrickLinkSetNumbers } from '../matching/index.js';
import { withDatabase } from './with-database.js';

/** Titles matched per call: big enough to amortise, small enough to stream output as input arrives. */
const BATCH = 1000;

export function registerMatchCommands(program: Command, print: (text: string) => void): void {
  program
    .command('match')
    .description(
      'Match listing titles to catalogue figures: titles one per line on stdin, one JSON line per title on stdout',
    )
    .option(
      '--threshold <n>',
      'confidence (0..1) below which a title is left unmatched (default: MATCH_CONFIDENCE_THRESHOLD, 0.6)',
      threshold,
    )
    .option('--sets <file>', "BrickLink's Sets catalogue download, to know set numbers in titles exactly")
    .addHelpText(
      'after',
      [
        '',
        'Each output line: {"title", "item_no" (null when unmatched), "confidence" (0..1),',
        '"candidates": [up to 3 {"item_no", "score"}], "reason" (why unmatched, else null)}.',
        'Blank lines are skipped. A summary goes to stderr.',
        '',
        'Example:',
        '  printf "LEGO Star Wars Boba Fett sw0002\\nDarth Vader keychain\\n" | npx minifig match',
      ].join('\n'),
    )
    .action((opts: { threshold?: number; sets?: string }) =>
      withDatabase(async (orm) => {
        const setNumbers = opts.sets ? await readBrickLinkSetNumbers(opts.sets) : undefined;
        const matcher = await createMatcher(orm.em.fork(), {
          threshold: opts.threshold ?? loadConfig().matchConfidenceThreshold,
          setNumbers,
        });
        if (matcher.size === 0) {
          throw new UserError('The catalogue is empty. Run `npx minifig catalog import <file>` first.');
        }
        const counts = await matchStdin(matcher, print);
        process.stderr.write(
          `Matched ${counts.matched} of ${counts.total} titles (${counts.total - counts.matched} unmatched, ` +
            `threshold ${matcher.threshold}).\n`,
        );
      }),
    );
}

async function matchStdin(
  matcher: Matcher,
  print: (text: string) => void,
): Promise<{ total: number; matched: number }> {
  const counts = { total: 0, matched: 0 };
  let batch: string[] = [];
  const flush = async () => {
    for (const result of await matcher.match(batch)) {
      counts.total++;
      if (result.itemNo) counts.matched++;
      print(JSON.stringify(toJson(result)));
    }
    batch = [];
  };
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    const title = line.trim();
    if (title === '') continue;
    batch.push(title);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return counts;
}

function toJson(r: MatchResult) {
  return {
    title: r.title,
    item_no: r.itemNo,
    confidence: r.confidence,
    candidates: r.candidates.map((c) => ({ item_no: c.itemNo, score: c.score })),
    reason: r.reason,
  };
}

function threshold(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError('must be a number from 0 to 1, e.g. 0.6.');
  }
  return n;
}
