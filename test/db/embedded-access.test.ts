import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstClosedFolder } from '../../src/db/embedded-access.js';

describe('firstClosedFolder (can the postgres user reach the embedded server?)', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const scratch = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'minifig-access-'));
    made.push(dir);
    return dir;
  };

  it('names a folder made by mktemp -d (mode 700) on the way', () => {
    const dir = scratch(); // mkdtemp makes it 0700
    mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
    expect(firstClosedFolder(path.join(dir, 'node_modules', 'pkg'))).toBe(dir);
  });

  it('finds nothing once every folder on the way may be entered', () => {
    const dir = scratch();
    chmodSync(dir, 0o755);
    mkdirSync(path.join(dir, 'data'), { mode: 0o755 });
    expect(firstClosedFolder(path.join(dir, 'data'))).toBeUndefined();
  });

  it('stops at folders that do not exist yet', () => {
    const dir = scratch();
    chmodSync(dir, 0o711);
    expect(firstClosedFolder(path.join(dir, 'later', 'postgres'))).toBeUndefined();
  });
});
