import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { log } from '../log.js';

/**
 * `<DATA_DIR>/embedded-postgres.json`: the port this DATA_DIR's embedded PostgreSQL listens on,
 * written by the process that started it and removed when that process stops it. Job workers and
 * CLI commands read it to reach that server, which may not be on EMBEDDED_PG_PORT (taken by another
 * DATA_DIR's server, it starts on another port).
 */
export const PORT_FILE = 'embedded-postgres.json';

const portFileSchema = z.object({
  port: z.number().int().min(1).max(65535),
  /** The process that started the server (and stops it). */
  pid: z.number().int(),
  startedAt: z.string(),
});
export type PortRecord = z.infer<typeof portFileSchema>;

export function portFilePath(dataDir: string): string {
  return path.join(dataDir, PORT_FILE);
}

/** The recorded server, or undefined when there is no file or it cannot be read as one. */
export function readPortFile(dataDir: string): PortRecord | undefined {
  const file = portFilePath(dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return portFileSchema.parse(JSON.parse(text));
  } catch {
    log.warn({ file }, 'ignoring an unreadable embedded PostgreSQL port file');
    return undefined;
  }
}

/** Written whole or not at all (rename), so that a reader never sees half a file. */
export function writePortFile(dataDir: string, record: PortRecord): void {
  const file = portFilePath(dataDir);
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(partial, file);
}

/**
 * Removes the file if it still holds `record`: a newer server's record stays. Synchronous, as it
 * also runs in the process's 'exit' listener.
 */
export function removePortFile(dataDir: string, record: PortRecord): void {
  const current = readPortFile(dataDir);
  if (
    current &&
    current.port === record.port &&
    current.pid === record.pid &&
    current.startedAt === record.startedAt
  ) {
    rmSync(portFilePath(dataDir), { force: true });
  }
}
