/**
 * @slack/oauth's InstallationStore on PostgreSQL: every replica reads the same installations, and
 * a token refreshed by one (token rotation) is seen by all. The Installation is stored whole and
 * encrypted (token-cipher.ts); only the keys needed to find it are plain.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import {
  countInstallations,
  deleteInstallations,
  saveInstallation,
  sealedInstallation,
} from '../../../db/repositories/slack-installations.js';
import { TokenCipher } from './token-cipher.js';

/** The row key: an org-wide install answers for every workspace of its enterprise. */
export function installKey(q: {
  isEnterpriseInstall?: boolean;
  enterpriseId?: string;
  teamId?: string;
}): string {
  if (q.isEnterpriseInstall && q.enterpriseId) return `E:${q.enterpriseId}`;
  if (q.teamId) return `T:${q.teamId}`;
  throw new Error('an installation needs a team id or an enterprise id');
}

export class InstallationNotFound extends Error {
  override name = 'InstallationNotFound';
}

export class PostgresInstallationStore implements InstallationStore {
  private readonly cipher: TokenCipher;

  constructor(
    private readonly orm: MikroORM,
    tokenKey: Buffer,
  ) {
    this.cipher = new TokenCipher(tokenKey);
  }

  async storeInstallation(installation: Installation): Promise<void> {
    const key = installKey({
      isEnterpriseInstall: installation.isEnterpriseInstall,
      enterpriseId: installation.enterprise?.id,
      teamId: installation.team?.id,
    });
    const sealed = this.cipher.encrypt(JSON.stringify(installation), key);
    await saveInstallation(this.orm.em.fork(), {
      installKey: key,
      teamId: installation.team?.id ?? null,
      enterpriseId: installation.enterprise?.id ?? null,
      botUserId: installation.bot?.userId ?? null,
      sealed,
    });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const found = (await this.find(query)) ?? (await this.find({ ...query, isEnterpriseInstall: true }));
    if (!found) throw new InstallationNotFound(`no Slack installation for ${installKey(query)}`);
    return found;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await deleteInstallations(this.orm.em.fork(), [installKey(query)]);
  }

  /** How many workspaces have the app installed (for /healthz and the tests). */
  async count(): Promise<number> {
    return countInstallations(this.orm.em.fork());
  }

  private async find(query: InstallationQuery<boolean>): Promise<Installation | undefined> {
    if (query.isEnterpriseInstall && !query.enterpriseId) return undefined;
    if (!query.isEnterpriseInstall && !query.teamId) return undefined;
    const key = installKey(query);
    const sealed = await sealedInstallation(this.orm.em.fork(), key);
    return sealed ? (JSON.parse(this.cipher.decrypt(sealed, key)) as Installation) : undefined;
  }
}
