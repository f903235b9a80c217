/**
 * @slack/oauth's InstallationStore on PostgreSQL: every replica reads the same installations, and
 * a token refreshed by one (token rotation) is seen by all. The Installation is stored whole and
 * encrypted (token-cipher.ts); only the keys needed to find it are plain.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
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
    await this.orm.em.fork().execute(
      `insert into slack_installations (install_key, team_id, enterprise_id, bot_user_id, installation)
       values (?, ?, ?, ?, ?)
       on conflict (install_key) do update
         set team_id = excluded.team_id, enterprise_id = excluded.enterprise_id,
             bot_user_id = excluded.bot_user_id, installation = excluded.installation, updated_at = now()`,
      [
        key,
        installation.team?.id ?? null,
        installation.enterprise?.id ?? null,
        installation.bot?.userId ?? null,
        sealed,
      ],
    );
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const found = (await this.find(query)) ?? (await this.find({ ...query, isEnterpriseInstall: true }));
    if (!found) throw new InstallationNotFound(`no Slack installation for ${installKey(query)}`);
    return found;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.orm.em
      .fork()
      .execute('delete from slack_installations where install_key = ?', [installKey(query)]);
  }

  /** How many workspaces have the app installed (for /healthz and the tests). */
  async count(): Promise<number> {
    const [row] = await this.orm.em
      .fork()
      .execute<{ n: string }[]>('select count(*) as n from slack_installations');
    return Number(row?.n ?? 0);
  }

  private async find(query: InstallationQuery<boolean>): Promise<Installation | undefined> {
    if (query.isEnterpriseInstall && !query.enterpriseId) return undefined;
    if (!query.isEnterpriseInstall && !query.teamId) return undefined;
    const key = installKey(query);
    const [row] = await this.orm.em
      .fork()
      .execute<{ installation: string }[]>(
        'select installation from slack_installations where install_key = ?',
        [key],
      );
    return row ? (JSON.parse(this.cipher.decrypt(row.installation, key)) as Installation) : undefined;
  }
}
