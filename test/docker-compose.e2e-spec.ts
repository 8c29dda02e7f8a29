import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '../libs/core/src';

/**
 * docker-compose.yml, .env.example and the Dockerfile checked as files (there is
 * no Docker here: nothing is started): every variable the configuration reads is
 * passed through to the API and the workers, every ${VAR} the file uses is in
 * .env.example, no secret has a value in either, every service restarts and has
 * a health check, the API scales behind the one published proxy, and what the
 * services run is what the Dockerfile builds.
 */
const ROOT = join(__dirname, '..');
const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = withMergeKeys(load(composeText)) as { services: Record<string, Service> };
const envExample = readFileSync(join(ROOT, '.env.example'), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  restart?: string;
  healthcheck?: { test: string[] };
  ports?: string[];
  deploy?: { replicas?: unknown };
  volumes?: string[];
  profiles?: string[];
}

/** YAML merge keys (`<<: *app`), as Compose applies them (js-yaml leaves them as a `<<` entry). */
function withMergeKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withMergeKeys);
  if (node === null || typeof node !== 'object') return node;
  const { '<<': merged, ...own } = node as Record<string, unknown>;
  const bases = (Array.isArray(merged) ? merged : merged ? [merged] : []).map(withMergeKeys) as Record<string, unknown>[];
  return Object.assign({}, ...bases, Object.fromEntries(Object.entries(own).map(([k, v]) => [k, withMergeKeys(v)])));
}

/** Every variable loadConfig reads, found by handing it an environment that records the names asked for. */
function variablesTheConfigReads(): Set<string> {
  const read = new Set<string>();
  const given: Record<string, string> = { NODE_ENV: 'production', TRACKING_SECRET: 'a-production-secret-of-32-chars!' };
  const env = new Proxy(given, {
    get: (target, name) => {
      if (typeof name === 'string') read.add(name);
      return typeof name === 'string' ? target[name] : undefined;
    },
  });
  loadConfig(env);
  return read;
}

// Fixed by the image or refused in production, so deliberately not taken from .env.
const NOT_FROM_ENV: Record<string, string> = {
  NODE_ENV: 'production', PORT: '3000',
  DATA_DIR: 'npm start only', ADMIN_DIR: 'the image serves its own dist/admin', DEMO_CLOCK: 'refused in production', DEV_OUTBOX_DIR: 'refused in production',
};
const SECRET = /PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|ACCOUNT_SID|^DATABASE_URL$|^DATABASE_MIGRATION_URL$|^SMTP_URL$/;

describe('docker-compose.yml for production', () => {
  const { api, worker, proxy } = compose.services;

  it('passes every variable the configuration reads to the API and the workers (but NODE_ENV and PORT, fixed)', () => {
    const read = variablesTheConfigReads();
    expect(read.size).toBeGreaterThan(30);
    for (const service of [api, worker]) {
      const passed = Object.keys(service.environment ?? {});
      const missing = [...read].filter((name) => !(name in NOT_FROM_ENV) && !passed.includes(name));
      expect(missing).toEqual([]);
      expect(service.environment).toMatchObject({ NODE_ENV: 'production', PORT: '3000' });
      for (const name of ['DATA_DIR', 'ADMIN_DIR', 'DEMO_CLOCK', 'DEV_OUTBOX_DIR']) expect(service.environment).not.toHaveProperty(name);
      for (const [name, value] of Object.entries(service.environment ?? {})) {
        if (!(name in NOT_FROM_ENV)) expect([name, value]).toEqual([name, expect.stringMatching(new RegExp(`^\\$\\{${name}(:[-?].*)?\\}$`))]);
      }
    }
  });

  it('requires PUBLIC_BASE_URL, TRACKING_SECRET, DATABASE_URL, SMTP_URL and POSTGRES_PASSWORD, with a message', () => {
    for (const name of ['PUBLIC_BASE_URL', 'TRACKING_SECRET', 'DATABASE_URL', 'SMTP_URL', 'POSTGRES_PASSWORD']) {
      expect(composeText).toMatch(new RegExp(`\\$\\{${name}:\\?set ${name}`));
    }
    expect(api.environment?.PUBLIC_BASE_URL).toMatch(/^\$\{PUBLIC_BASE_URL:\?/);
  });

  it('uses only variables .env.example lists, and .env.example lists none it does not use', () => {
    const used = new Set([...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
    const listed = new Set([...envExample.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    expect([...used].filter((v) => !listed.has(v))).toEqual([]);
    expect([...listed].filter((v) => !used.has(v))).toEqual([]);
  });

  it('hard-codes no secret: no default for a secret variable, no credentials in a URL, none filled in .env.example', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (SECRET.test(key)) expect([name, key, value]).toEqual([name, key, expect.stringMatching(/^\$\{[A-Z0-9_]+(:-|:\?[^}]*)?\}$/)]);
      }
    }
    expect(composeText).not.toMatch(/\w+:\/\/[^\s$'"@/]+:[^\s$'"@/]+@/);
    const filled = [...envExample.matchAll(/^([A-Z][A-Z0-9_]*)=(.+)$/gm)].filter((m) => SECRET.test(m[1]));
    expect(filled.map((m) => m[1])).toEqual([]);
  });

  it('restarts every service and gives each a health check; the API only behind the proxy, which publishes the ports', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect([name, service.restart]).toEqual([name, 'unless-stopped']);
      expect([name, service.healthcheck?.test.length]).toEqual([name, expect.any(Number)]);
    }
    expect(api.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:3000/ready');
    expect(worker.healthcheck?.test).toEqual(['CMD', 'node', 'dist/apps/worker/src/healthcheck.js']);
    expect(api.deploy?.replicas).toBe('${API_REPLICAS:-2}');
    expect(worker.deploy?.replicas).toBe('${WORKER_REPLICAS:-2}');
    const published = Object.entries(compose.services).filter(([, s]) => s.ports?.length).map(([name]) => name);
    expect(published).toEqual(['proxy']);
    expect(compose.services.pgbouncer.profiles).toEqual(['pgbouncer']);
  });

  it('the proxy round-robins over every api replica, with /ready as its health check', () => {
    const mount = proxy.volumes?.find((v) => v.endsWith(':/etc/caddy/Caddyfile:ro'));
    const caddyfile = readFileSync(join(ROOT, mount!.split(':')[0]), 'utf8');
    expect(caddyfile).toMatch(/dynamic a api 3000/);
    expect(caddyfile).toMatch(/health_uri \/ready/);
  });

  it('runs what the Dockerfile builds: the built entry points exist and the image copies dist', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect([api.build, worker.build]).toEqual(['.', '.']);
    const entries = [api.command, worker.command, worker.healthcheck?.test].flat().filter((part): part is string => !!part && part.startsWith('dist/'));
    expect(entries).toEqual(['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js', 'dist/apps/worker/src/healthcheck.js']);
    // npm test builds first, as the image does.
    for (const entry of entries) expect([entry, existsSync(join(ROOT, entry))]).toEqual([entry, true]);
  });
});
