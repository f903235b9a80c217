import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';
import { minifig } from '../support/minifig-cli.js';
import { REPO_ROOT } from '../support/paths.js';

/**
 * Docker does not run where the tests run, so the compose files are read as docker compose reads
 * them (anchors and `<<` merge keys resolved) and checked for what `docker compose up -d` does.
 */
interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  profiles?: string[];
  restart?: string;
  tty?: boolean;
  stdin_open?: boolean;
}

const text = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const composeFile = (file: string) =>
  parse(text(file), { merge: true }) as { services: Record<string, Service> };

const { services } = composeFile('docker-compose.yml');
const { db, migrate, app, catalog } = services as Record<'db' | 'migrate' | 'app' | 'catalog', Service>;
const override = composeFile('docker-compose.db-port.yml');
const known = new Set<string>(CONFIG_VARIABLES);
/** Only the embedded PostgreSQL reads these; compose has its own database. */
const EMBEDDED_ONLY = ['DATA_DIR', 'EMBEDDED_PG_PORT'];
/** Compose's `${NAME:-fallback}`: the variable from the environment or .env, or the fallback. */
const variable = (name: string, fallback: string) => `\${${name}:-${fallback}}`;

describe('docker-compose.yml', () => {
  it('has the database, the one-shot migration, the app, and the catalogue import as a tool', () => {
    expect(Object.keys(services).sort()).toEqual(['app', 'catalog', 'db', 'migrate']);
    expect(db.image).toMatch(/^timescale\/timescaledb:/);
    expect(catalog.profiles).toEqual(['tools']);
    for (const service of [db, migrate, app]) expect(service.profiles).toBeUndefined();
  });

  it('starts db, then migrate once db is healthy, then app once migrate has succeeded', () => {
    expect(migrate.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(app.depends_on).toEqual({
      db: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(catalog.depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
    // migrate runs once per `up`; the long-running services come back after a crash or a reboot.
    expect(migrate.restart).toBe('no');
    expect(db.restart).toBe('unless-stopped');
    expect(app.restart).toBe('unless-stopped');
  });

  it('checks health: db answers over TCP, app answers /healthz on the port it serves', () => {
    expect(db.healthcheck?.test.slice(0, 4)).toEqual(['CMD', 'pg_isready', '-h', '127.0.0.1']);
    const port = app.environment?.PORT;
    expect(port).toMatch(/^\d+$/);
    expect(app.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/healthz`);
    expect(app.ports).toEqual([`${variable('APP_PORT', port ?? '')}:${port}`]);
  });

  it('runs app as the service, `minifig start` without a terminal, and the other commands as minifig commands', () => {
    expect(text('Dockerfile')).toMatch(/^ENTRYPOINT \["node", "bin\/minifig\.js"\]$/m);
    expect(app.command).toEqual(['start', '--no-console']);
    expect(migrate.command).toEqual(['db', 'migrate']);
    expect(catalog.command).toEqual(['catalog', 'import']);
    // With a terminal and no chat tokens, `start` would open the console chat and end with its input.
    for (const service of Object.values(services)) {
      expect(service.tty).toBeUndefined();
      expect(service.stdin_open).toBeUndefined();
    }
  });

  it.each([app, migrate, catalog].map((service) => (service.command ?? []).join(' ')))(
    '`minifig %s` is a command of this build, with its options',
    async (line) => {
      const command = line.split(' ');
      const words = command.filter((w) => !w.startsWith('-'));
      const run = await minifig([...words, '--help'], {});
      expect(run.code).toBe(0);
      expect(run.out).toContain(`Usage: minifig ${words.join(' ')}`);
      for (const option of command.filter((w) => w.startsWith('-'))) expect(run.out).toContain(option);
    },
  );

  it('does not publish the database port; docker-compose.db-port.yml publishes it on loopback only', () => {
    expect(db.ports).toBeUndefined();
    expect(Object.keys(override.services)).toEqual(['db']);
    expect(override.services.db?.ports).toEqual([`127.0.0.1:${variable('POSTGRES_PORT', '5432')}:5432`]);
  });

  it("points migrate and app at db's database", () => {
    const url = new URL(
      (app.environment?.DATABASE_URL ?? '').replace(variable('POSTGRES_PASSWORD', 'minifig-local'), 'pw'),
    );
    expect(url.host).toBe('db:5432');
    expect(url.pathname).toBe(`/${db.environment?.POSTGRES_DB}`);
    expect(migrate.environment?.DATABASE_URL).toBe(app.environment?.DATABASE_URL);
    expect(db.environment?.POSTGRES_PASSWORD).toBe(variable('POSTGRES_PASSWORD', 'minifig-local'));
  });

  it('passes app every setting but the embedded-only ones, each from the variable of the same name', () => {
    const passed = Object.keys(app.environment ?? {});
    expect(passed.filter((name) => !known.has(name))).toEqual([]);
    expect(CONFIG_VARIABLES.filter((name) => !passed.includes(name))).toEqual(EMBEDDED_ONLY);
    for (const [name, value] of Object.entries(app.environment ?? {})) {
      if (name === 'DATABASE_URL' || name === 'PORT') continue;
      expect(value, name).toMatch(new RegExp(`^\\$\\{${name}:-[^}]*\\}$`));
    }
    for (const service of [migrate, catalog]) {
      expect(Object.keys(service.environment ?? {}).filter((name) => !known.has(name))).toEqual([]);
    }
    // The logger reads LOG_LEVEL before the configuration turns an empty value into the default.
    expect(app.environment?.LOG_LEVEL).toBe(variable('LOG_LEVEL', 'info'));
  });
});

describe('.env.example', () => {
  const assignments = [...text('.env.example').matchAll(/^#? ?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map(
    ([, name, value]) => ({ name: name as string, value: value as string }),
  );
  const names = assignments.map((a) => a.name);
  const interpolated = new Set(
    [text('docker-compose.yml'), text('docker-compose.db-port.yml')].flatMap((yml) =>
      [...yml.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1] as string),
    ),
  );

  it('lists every variable the configuration reads, once', () => {
    expect(CONFIG_VARIABLES.filter((name) => !names.includes(name))).toEqual([]);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('lists every variable the compose files read, and nothing else', () => {
    expect([...interpolated].filter((name) => !names.includes(name))).toEqual([]);
    const extra = names.filter((name) => !known.has(name) && !interpolated.has(name));
    expect(extra).toEqual(['COMPOSE_FILE']);
    expect(
      assignments
        .find((a) => a.name === 'COMPOSE_FILE')
        ?.value.split(':')
        .map((f) => text(f).length > 0),
    ).toEqual([true, true]);
  });

  it('shows the defaults (setting one changes nothing) and examples the configuration accepts', () => {
    const defaults = loadConfig({});
    for (const { name, value } of assignments) {
      if (!known.has(name) || value === '') continue;
      const config = loadConfig({ [name]: value });
      if (name === 'DATABASE_URL' || name === 'PRICE_RETENTION') continue; // examples, no default
      expect(config, `${name}=${value}`).toEqual(defaults);
    }
  });
});
