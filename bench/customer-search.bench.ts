/**
 * Customer search at scale: 1,000,000 customers of one business (and 50,000 of
 * another, so the business scope is real) loaded with COPY, then ~200 random
 * search-as-you-type prefixes — 1 to 4 letters of first or last names, "first
 * l" full names, email prefixes, phone digits typed the national way — through
 * our query path, beside hand-written SQL doing the same prefix match on the
 * same keys and indexes, interleaved prefix by prefix:
 * - our page (CustomerRepository.listPage) against the hand-written page query;
 * - our list (CustomerService.list: the page and the total, exact up to 10,000
 *   else estimated) against the hand-written page plus a capped count.
 * Every prefix's page must be the same rows in the same order as the hand
 * query's, and every exact total the hand count.
 * Options (argv): --customers=1000000 --prefixes=200 --runs=3 --plans=FILE (plans of the ten prefixes slowest through our path)
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Pool, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  AuditRepository, AuditTrail, CUSTOMER_COLUMNS, CustomerRepository, CustomerService, EXACT_TOTAL_LIMIT, IdentityHashKey, SegmentStalenessRepository, createDataSource,
  ensureDatabase, migrateDatabase, phonePrefixesOf, startEmbeddedPostgres, type Tenant,
} from '@localreach/core';
import { CustomerErasureRepository } from '@localreach/core/customers/erasure/customer-erasure.repository';
import { customerCountSql } from '@localreach/core/customers/customer-search.sql';
import { seededRandom } from '../scripts/demo-data';
import { fmtInt, fmtMs, fmtS, percentile, table } from './segments/timing';
import { runAsScript } from './support/processes';

const FIRST = [
  'Aaron', 'Abigail', 'Adam', 'Adrian', 'Aïcha', 'Alba', 'Alejandro', 'Alexander', 'Alice', 'Amélie', 'Amir', 'Ana', 'Andrea', 'Anna', 'Antoine',
  'Arthur', 'Ava', 'Beatriz', 'Benjamin', 'Bianca', 'Brandon', 'Camille', 'Carlos', 'Carmen', 'Caroline', 'Charlotte', 'Chloé', 'Christopher',
  'Claire', 'Daniel', 'David', 'Diego', 'Dmitri', 'Dorothée', 'Elena', 'Élise', 'Elijah', 'Emily', 'Emma', 'Ethan', 'Fatima', 'Felix', 'Fernando',
  'Florence', 'François', 'Gabriel', 'Grace', 'Hana', 'Hannah', 'Hélène', 'Henry', 'Hugo', 'Ibrahim', 'Inès', 'Isaac', 'Isabella', 'Jack',
  'Jacob', 'James', 'Jérôme', 'Jessica', 'João', 'José', 'Julia', 'Karim', 'Kateřina', 'Kevin', 'Laura', 'Léa', 'Liam', 'Lucas', 'Łucja',
  'Luis', 'Madison', 'Manon', 'Marc', 'María', 'Mateo', 'Matthew', 'Mia', 'Michael', 'Mohammed', 'Nadia', 'Natalia', 'Nathan', 'Noah', 'Noémie',
  'Olivia', 'Omar', 'Oscar', 'Paul', 'Pedro', 'Quentin', 'Rafael', 'Rebecca', 'Renée', 'Rosa', 'Samuel', 'Sarah', 'Sofía', 'Sophie', 'Stéphane',
  'Thomas', 'Valentina', 'Victor', 'William', 'Xavier', 'Yasmine', 'Yusuf', 'Zoé', 'Zoë',
];
const LAST = [
  'Adams', 'Allen', 'Álvarez', 'Anderson', 'Bailey', 'Baker', 'Barnes', 'Bauer', 'Bell', 'Bernard', 'Bertrand', 'Bianchi', 'Bonnet', 'Brown',
  'Brunet', 'Campbell', 'Carter', 'Castillo', 'Chen', 'Chevalier', 'Clark', 'Collins', 'Cook', 'Cooper', 'Costa', 'Cruz', 'Da Silva', 'David',
  'Davis', 'Díaz', 'Dubois', 'Dupont', 'Durand', 'Edwards', 'Evans', 'Fernández', 'Ferrari', 'Fischer', 'Fontaine', 'Fournier', 'François',
  'García', 'Garnier', 'Girard', 'Gómez', 'González', 'Green', 'Hall', 'Harris', 'Hernández', 'Hill', 'Hoffmann', 'Howard', 'Hughes', 'Jackson',
  'James', 'Jiménez', 'Johnson', 'Jones', 'Kelly', 'Kim', 'King', 'Kowalski', 'Lambert', 'Laurent', 'Lee', 'Lefèvre', 'Lewis', 'López',
  'Martin', 'Martínez', 'Mercier', 'Miller', 'Mitchell', 'Moore', 'Moreau', 'Morel', 'Morgan', 'Morris', 'Müller', 'Murphy', 'Nelson', 'Nguyen',
  'Nowak', "O'Brien", 'Ortiz', 'Park', 'Patel', 'Pérez', 'Perrin', 'Peterson', 'Phillips', 'Rahman', 'Ramírez', 'Reed', 'Richard', 'Rivera',
  'Roberts', 'Robinson', 'Rodríguez', 'Rogers', 'Romano', 'Roux', 'Russo', 'Sánchez', 'Santos', 'Schmidt', 'Schneider', 'Scott', 'Silva',
  'Simon', 'Smith', 'Stewart', 'Sullivan', 'Taylor', 'Thomas', 'Thompson', 'Torres', 'Turner', 'Vincent', 'Walker', 'Ward', 'Watson', 'Weber',
  'White', 'Williams', 'Wilson', 'Wójcik', 'Wright', 'Young', 'Zhang', 'Żak',
];
const DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'hotmail.com', 'orange.fr', 'example.org'];
const AREAS = ['212', '312', '415', '503', '617', '206', '213', '305', '404', '512', '646', '718', '773', '702', '303', '619', '818', '919', '971', '215'];

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
const ascii = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/['\s]/g, '').toLowerCase();

interface Person {
  first: string;
  last: string;
  email: string | null;
  phone: string | null;
}

/** Unique per index: 85 % US numbers over 20 area codes, 15 % French mobiles. */
function phoneOf(i: number): string {
  if (i % 20 < 17) {
    const rest = Math.floor(i / AREAS.length);
    return `+1${AREAS[i % AREAS.length]}${200 + (rest % 800)}${String(Math.floor(rest / 800) % 10000).padStart(4, '0')}`;
  }
  return `+33${6 + (i % 2)}${String((i * 7_919) % 100_000_000).padStart(8, '0')}`;
}

function personOf(i: number, rnd: () => number): Person {
  const first = pick(rnd, FIRST);
  const last = pick(rnd, LAST);
  const style = rnd();
  const local = style < 0.4 ? `${ascii(first)}.${ascii(last)}` : style < 0.6 ? `${ascii(first)[0]}${ascii(last)}` : style < 0.8 ? `${ascii(first)}_${ascii(last)}` : `${ascii(last)}${ascii(first)}`;
  return { first, last, email: rnd() < 0.93 ? `${local}${i}@${DOMAINS[i % DOMAINS.length]}` : null, phone: rnd() < 0.88 ? phoneOf(i) : null };
}

const copyText = (v: string | null) => (v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n'));

async function* copyLines(businessId: string, count: number, seed: number, start: Date, people?: Person[]): AsyncGenerator<string> {
  const rnd = seededRandom(seed);
  const spanMs = 3 * 365 * 86_400_000;
  let chunk = '';
  for (let i = 0; i < count; i++) {
    const p = personOf(i + seed, rnd);
    if (people && i % 97 === 0) people.push(p);
    const at = new Date(start.getTime() + Math.floor((i / count) * spanMs) + (i % 1000)).toISOString();
    const tags = rnd() < 0.1 ? '{vip,newsletter}' : rnd() < 0.4 ? '{newsletter}' : '{}';
    chunk += [businessId, `crm-${seed}-${i}`, copyText(p.email), copyText(p.phone), copyText(p.first), copyText(p.last), tags, rnd() < 0.7 ? 'granted' : '\\N', at, at].join('\t') + '\n';
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

const t0 = performance.now();
const log = (s: string) => console.error(`[search-bench +${((performance.now() - t0) / 1000).toFixed(0)}s] ${s}`);

interface SavedIndex {
  name: string;
  definition: string;
}

/** Loads both businesses with COPY, secondary indexes dropped and rebuilt from their own definitions, then VACUUM ANALYZE. */
async function load(pool: Pool, customers: number): Promise<{ businessId: string; people: Person[]; seconds: number }> {
  const started = performance.now();
  const business = async (name: string) =>
    (await pool.query<{ id: string }>(`INSERT INTO business (name, timezone, currency, country, address) VALUES ($1, 'America/Chicago', 'USD', 'US', '{}') RETURNING id`, [name])).rows[0].id;
  const businessId = await business('Bench Search');
  const otherId = await business('Bench Other');
  const indexes = (
    await pool.query<SavedIndex>(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = 'customer'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    )
  ).rows;
  for (const index of indexes) await pool.query(`DROP INDEX ${index.name}`);
  const people: Person[] = [];
  const client = await pool.connect();
  try {
    await client.query(`SET session_replication_role = replica; SET synchronous_commit = off`);
    const columns = 'business_id, external_id, email, phone, first_name, last_name, tags, consent_email, created_at, updated_at';
    log(`COPY ${fmtInt(customers)} customers`);
    await pipeline(Readable.from(copyLines(businessId, customers, 1, new Date('2023-01-01T00:00:00Z'), people)), client.query(copyFrom(`COPY customer (${columns}) FROM STDIN`)));
    await pipeline(Readable.from(copyLines(otherId, 50_000, 2, new Date('2023-01-01T00:00:00Z'))), client.query(copyFrom(`COPY customer (${columns}) FROM STDIN`)));
    await client.query(`SET maintenance_work_mem = '512MB'`);
    for (const index of indexes) {
      log(`index ${index.name}`);
      await client.query(index.definition);
    }
    log('VACUUM ANALYZE customer');
    await client.query('VACUUM ANALYZE customer');
  } finally {
    await client.query('RESET ALL').catch(() => undefined);
    client.release();
  }
  return { businessId, people, seconds: (performance.now() - started) / 1000 };
}

type Kind = 'name, 1 letter' | 'name, 2–4 letters' | 'full name' | 'email' | 'phone';
interface Probe {
  kind: Kind;
  q: string;
}

/** ~`count` prefixes as people type them, taken from sampled customers. */
function probes(people: Person[], count: number): Probe[] {
  const rnd = seededRandom(99);
  const out: Probe[] = [];
  const cut = (s: string, n: number) => [...s].slice(0, n).join('');
  const casing = (s: string) => (rnd() < 0.3 ? s.toLowerCase() : rnd() < 0.1 ? s.toUpperCase() : s);
  while (out.length < count) {
    const p = pick(rnd, people);
    const roll = out.length % 10;
    if (roll === 0) out.push({ kind: 'name, 1 letter', q: casing(cut(rnd() < 0.5 ? p.first : p.last, 1)) });
    else if (roll <= 3) out.push({ kind: 'name, 2–4 letters', q: casing(cut(rnd() < 0.5 ? p.first : p.last, 2 + Math.floor(rnd() * 3))) });
    else if (roll === 4) out.push({ kind: 'full name', q: casing(`${p.first} ${cut(p.last, 1 + Math.floor(rnd() * 2))}`) });
    else if (roll <= 6 && p.email) out.push({ kind: 'email', q: cut(p.email, 2 + Math.floor(rnd() * 8)) });
    else if (roll >= 7 && p.phone?.startsWith('+1')) {
      // National format as typed: "(312) 55", "312-555-0", "3125550".
      const national = p.phone.slice(2);
      const digits = 3 + Math.floor(rnd() * 5);
      const styled = rnd() < 0.4 ? `(${national.slice(0, 3)}) ${national.slice(3, digits)}` : rnd() < 0.5 ? national.slice(0, digits) : `${national.slice(0, 3)}-${national.slice(3, digits)}`;
      out.push({ kind: 'phone', q: styled.trim() });
    }
  }
  return out;
}

/** The search text folded as the database folds names made of Latin letters, then escaped for LIKE. */
function handPattern(q: string): string {
  const folded = q.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/Ł/g, 'l').toLowerCase().replace(/\s+/g, ' ').trim();
  return `${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** What a developer would write for the same prefix match on the same keys and indexes. */
function handSql(businessId: string, q: string): { page: { sql: string; params: unknown[] }; count: { sql: string; params: unknown[] } } {
  const phones = phonePrefixesOf(q, 'US').map((p) => `${p}%`);
  const params: unknown[] = [businessId, handPattern(q), ...phones];
  const match = `business_id = $1 AND erased_at IS NULL AND (first_name_key LIKE $2 OR last_name_key LIKE $2 OR email_key LIKE $2${phones.map((_, i) => ` OR phone_digits LIKE $${i + 3}`).join('')})`;
  return {
    page: { sql: `SELECT ${CUSTOMER_COLUMNS} FROM customer WHERE ${match} ORDER BY created_at, id LIMIT 51`, params },
    count: { sql: `SELECT count(*)::int AS n FROM (SELECT 1 FROM customer WHERE ${match} LIMIT ${EXACT_TOTAL_LIMIT + 1}) s`, params },
  };
}

interface Sample {
  probe: Probe;
  /** CustomerService.list: page and total. */
  ours: number[];
  /** CustomerRepository.listPage: our page query alone. */
  ourPage: number[];
  handPage: number[];
  handBoth: number[];
  total: number;
  estimated: boolean;
  /** The hand count (capped at EXACT_TOTAL_LIMIT + 1). */
  counted: number;
}

interface Paths {
  service: CustomerService;
  repository: CustomerRepository;
  tenant: Tenant;
  client: PoolClient;
}

async function measure({ service, repository, tenant, client }: Paths, list: Probe[], runs: number, mismatches: string[]): Promise<Sample[]> {
  const samples: Sample[] = list.map((probe) => ({ probe, ours: [], ourPage: [], handPage: [], handBoth: [], total: 0, estimated: false, counted: 0 }));
  for (let run = 0; run <= runs; run++) {
    log(run === 0 ? 'warm-up pass' : `measured pass ${run}/${runs}`);
    for (const s of samples) {
      const hand = handSql(tenant.businessId, s.probe.q);
      let started = performance.now();
      const page = await service.list(tenant, { q: s.probe.q, limit: 50 });
      const ours = performance.now() - started;
      started = performance.now();
      const search = { text: s.probe.q, phonePrefixes: phonePrefixesOf(s.probe.q, 'US') };
      const ourRows = await repository.listPage(tenant.businessId, { search }, { sort: 'createdAt', order: 'asc' }, undefined, 51);
      const ourPage = performance.now() - started;
      started = performance.now();
      const handRows = await client.query<{ id: string }>(hand.page.sql, hand.page.params);
      const handPage = performance.now() - started;
      const handCount = await client.query<{ n: number }>(hand.count.sql, hand.count.params);
      const handBoth = performance.now() - started;
      if (run === 0) {
        const want = handRows.rows.slice(0, 50).map((r) => r.id).join();
        if (page.items.map((c) => c.id).join() !== want) mismatches.push(`q=${JSON.stringify(s.probe.q)}: page differs from the hand-written query's`);
        if (ourRows.items.map((c) => c.id).join() !== handRows.rows.map((r) => r.id).join()) mismatches.push(`q=${JSON.stringify(s.probe.q)}: repository page differs`);
        const n = handCount.rows[0].n;
        if (!page.totalIsEstimate && page.total !== n) mismatches.push(`q=${JSON.stringify(s.probe.q)}: exact total ${page.total}, hand count ${n}`);
        s.counted = n;
        s.total = page.total;
        s.estimated = page.totalIsEstimate;
        continue;
      }
      s.ours.push(ours);
      s.ourPage.push(ourPage);
      s.handPage.push(handPage);
      s.handBoth.push(handBoth);
    }
  }
  return samples;
}

/** How far the estimates were from the truth where it is known (hand counts up to the limit) and how many were given for countable totals. */
function estimateNote(samples: Sample[]): string {
  const estimated = samples.filter((s) => s.estimated);
  const countable = estimated.filter((s) => s.counted <= EXACT_TOTAL_LIMIT);
  const ratios = countable.map((s) => s.total / s.counted);
  return (
    `Totals: ${samples.length - estimated.length} exact, ${estimated.length} estimated (more than ${fmtInt(EXACT_TOTAL_LIMIT)} matches counted, or over 30,000 expected). ` +
    (countable.length === 0
      ? 'Every estimated total was above the exact limit in fact.'
      : `${countable.length} of those had ${fmtInt(EXACT_TOTAL_LIMIT)} or fewer matches in fact (the planner over-estimated by ${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}×).`)
  );
}

function report(samples: Sample[], customers: number, loadSeconds: number, runs: number, mismatches: string[]): string {
  const all = (pick: (s: Sample) => number[], filter: (s: Sample) => boolean = () => true) => samples.filter(filter).flatMap(pick);
  const both = (values: number[]) => `${fmtMs(percentile(values, 50))} / ${fmtMs(percentile(values, 95))}`;
  const ratio95 = (a: number[], b: number[]) => `${(percentile(a, 95) / percentile(b, 95)).toFixed(2)}×`;
  const row = (label: string, filter: (s: Sample) => boolean) => {
    const [ours, ourPage, handPage, handBoth] = [all((s) => s.ours, filter), all((s) => s.ourPage, filter), all((s) => s.handPage, filter), all((s) => s.handBoth, filter)];
    const n = samples.filter(filter).length;
    const exact = samples.filter((s) => filter(s) && !s.estimated).length;
    return [label, String(n), `${exact} / ${n - exact}`, both(ourPage), both(handPage), ratio95(ourPage, handPage), both(ours), both(handBoth), ratio95(ours, handBoth), ratio95(ours, handPage)];
  };
  const kinds: Kind[] = ['name, 1 letter', 'name, 2–4 letters', 'full name', 'email', 'phone'];
  const p95 = (pick: (s: Sample) => number[]) => percentile(all(pick), 95);
  const [ours95, ourPage95, page95, both95] = [p95((s) => s.ours), p95((s) => s.ourPage), p95((s) => s.handPage), p95((s) => s.handBoth)];
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  return [
    `### Customer search: ${fmtInt(customers)} customers in one business (+ 50,000 in another), ${samples.length} prefixes × ${runs} runs after a warm-up pass; ms, p50 / p95`,
    '',
    `Loaded with COPY, indexes rebuilt and VACUUM ANALYZE in ${fmtS(loadSeconds)} s. ` +
      '**Our page** = CustomerRepository.listPage (the SQL the endpoint runs for a page of 51, search text folded and escaped by PostgreSQL, rows mapped). ' +
      '**Hand page** = one hand-written statement with the same prefix match on the same keys (pattern folded in JavaScript), ORDER BY created_at, id LIMIT 51. ' +
      '**Our list** = CustomerService.list(q, limit 50): the page beside the total on a second connection (planner estimate; when it is ≤ 30,000, ' +
      'a union of index-only scans per key capped at 10,001). **Hand page + count** = the hand page, then count(*) of the OR capped at 10,001.',
    '',
    table(
      ['prefixes', 'n', 'totals exact / est.', 'our page', 'hand page', 'our page / hand page (p95)', 'our list (page + total)', 'hand page + count', 'our list / hand page + count (p95)', 'our list / hand page (p95)'],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      [...kinds.map((k) => row(k, (s) => s.probe.kind === k)), row('**all**', () => true)],
    ),
    '',
    `Targets (p95 over all prefixes): our page ${fmtMs(ourPage95)} ms ≤ 1.5× the hand page (${fmtMs(page95)} ms): ${verdict(ourPage95 <= 1.5 * page95)} (${(ourPage95 / page95).toFixed(2)}×); ` +
      `our list with its total ${fmtMs(ours95)} ms < 100 ms: ${verdict(ours95 < 100)}, ${(ours95 / both95).toFixed(2)}× the hand page + count (${fmtMs(both95)} ms), ` +
      `${(ours95 / page95).toFixed(2)}× the hand page alone (the price of the total).`,
    '',
    estimateNote(samples),
    '',
    mismatches.length ? `**Mismatches:**\n${mismatches.map((m) => `- ${m}`).join('\n')}` : 'Every page had the same rows in the same order as the hand-written query; every exact total equalled the hand count.',
  ].join('\n');
}

/** EXPLAIN ANALYZE of the hand-written page and count and of our count, for the ten prefixes slowest through our path. */
async function writePlans(client: PoolClient, businessId: string, samples: Sample[], file: string): Promise<void> {
  const slowest = [...samples].sort((a, b) => percentile(b.ours, 50) - percentile(a.ours, 50)).slice(0, 10);
  for (const s of slowest) {
    const hand = handSql(businessId, s.probe.q);
    const ours = customerCountSql(businessId, { search: { text: s.probe.q, phonePrefixes: phonePrefixesOf(s.probe.q, 'US') } }, EXACT_TOTAL_LIMIT + 1);
    for (const [label, q] of [['page', hand.page], ['count', hand.count], ['our count', ours]] as const) {
      const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
      appendFileSync(file, `\n===== q=${JSON.stringify(s.probe.q)} (${s.probe.kind}) ${label}, ours p50 ${fmtMs(percentile(s.ours, 50))} ms, hand page p50 ${fmtMs(percentile(s.handPage, 50))} ms\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    }
  }
}

export async function run(argv: string[] = process.argv.slice(2)): Promise<string> {
  const arg = (name: string, fallback: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const customers = arg('customers', 1_000_000);
  const count = arg('prefixes', 200);
  const runs = arg('runs', 3);
  const plansFile = argv.find((a) => a.startsWith('--plans='))?.split('=')[1];
  const dataDir = mkdtempSync(join(tmpdir(), 'localreach-search-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false, fast: true });
  const url = pg.urlFor('bench');
  const pool = new Pool({ connectionString: url, max: 4 });
  // pool.end() resolves before idle sockets close; the server's stop then reaches them as an 'error' on the pool.
  pool.on('error', () => undefined);
  try {
    await ensureDatabase(pg.adminUrl, 'bench');
    await migrateDatabase(url);
    const loaded = await load(pool, customers);
    const dataSource = await createDataSource(url, 10, 'search-bench').initialize();
    const client = await pool.connect();
    try {
      const repository = new CustomerRepository(dataSource);
      const service = new CustomerService(dataSource, repository, new SegmentStalenessRepository(), new CustomerErasureRepository(), new IdentityHashKey({ trackingSecret: 'bench-search-secret-0123' }), new AuditTrail(dataSource, new AuditRepository()));
      const tenant: Tenant = { businessId: loaded.businessId, keyId: null, role: 'owner', business: { name: 'Bench Search', timezone: 'America/Chicago', currency: 'USD', country: 'US' } };
      const mismatches: string[] = [];
      const samples = await measure({ service, repository, tenant, client }, probes(loaded.people, count), runs, mismatches);
      if (plansFile) await writePlans(client, tenant.businessId, samples, plansFile);
      return report(samples, customers, loaded.seconds, runs, mismatches);
    } finally {
      client.release();
      await dataSource.destroy();
    }
  } finally {
    await pool.end();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) runAsScript(() => run());
