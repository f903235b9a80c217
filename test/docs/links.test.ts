/**
 * The README is the front door and docs/ the manual: every relative link between them (and into
 * the code) must lead somewhere, down to the heading it names.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

const README = path.join(REPO_ROOT, 'README.md');
const DOCS = path.join(REPO_ROOT, 'docs');
const pages = [
  README,
  ...readdirSync(DOCS)
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join(DOCS, f)),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] as string)));
}

function linksOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)|<img src="([^"]+)"/g)]
    .map((m) => (m[1] ?? m[2]) as string)
    .filter((target) => !/^[a-z]+:/i.test(target));
}

describe('the README and docs/', () => {
  it('the README stays a front door of at most 200 lines', () => {
    expect(readFileSync(README, 'utf8').split('\n').length).toBeLessThanOrEqual(200);
  });

  it('the README links into docs/', () => {
    expect(linksOf(README).filter((l) => l.startsWith('docs/')).length).toBeGreaterThan(5);
  });

  for (const page of pages) {
    it(`every relative link in ${path.relative(REPO_ROOT, page)} resolves`, () => {
      const broken = linksOf(page).filter((link) => {
        const [target, anchor] = link.split('#') as [string, string | undefined];
        const file = target === '' ? page : path.resolve(path.dirname(page), target);
        if (!existsSync(file)) return true;
        return anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor);
      });
      expect(broken).toEqual([]);
    });
  }

  it('slug() makes the anchors GitHub makes', () => {
    expect(slug('Running on its own')).toBe('running-on-its-own');
    expect(slug('The `minifig` command')).toBe('the-minifig-command');
    expect(slug('Prices: how they are computed')).toBe('prices-how-they-are-computed');
  });
});
