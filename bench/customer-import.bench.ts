/**
 * Bulk customer import: CustomerImportService on a generated CSV of realistic
 * customers (parse, validate with the API's rules, COPY to staging, merge)
 * versus a raw `COPY customer (...) FROM STDIN` of the same customers already
 * normalised, into the same table (another business), on the same durable
 * PostgreSQL (fast: false), in the same run. Then the same file again: the
 * idempotent re-import.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { AuditRepository, AuditTrail, createDataSource, CustomerImportService, loadConfig, SegmentStalenessRepository, ensureDatabase, runMigrations, startEmbeddedPostgres, type ImportReport, type Tenant } from '@localreach/core';
import { BENCH_COPY_COLUMNS, BENCH_MAPPING, writeBenchFiles } from './support/customer-import-data';

const DEFAULT_ROWS = 1_000_000;

interface Measured {
  name: string;
  rows: number;
  seconds: number;
  peakRssMb?: number;
}

async function createTenant(ds: DataSource, name: string): Promise<Tenant> {
  const [{ id }] = await ds.query<{ id: string }[]>(
    `INSERT INTO business (name, timezone, currency, country, address) VALUES ($1, 'America/New_York', 'USD', 'US', '{}') RETURNING id`,
    [name],
  );
  return { businessId: id, keyId: null, role: 'owner', business: { name, timezone: 'America/New_York', currency: 'USD', country: 'US' } };
}

/** Runs `work`, sampling this process's resident memory while it runs. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const started = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - started) / 1000, peakRssMb: Math.round(peak / 2 ** 20) };
  } finally {
    clearInterval(sampler);
  }
}

async function rawCopy(url: string, path: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await pipeline(createReadStream(path), client.query(copyFrom(`COPY customer (${BENCH_COPY_COLUMNS.join(', ')}) FROM STDIN`)));
  } finally {
    await client.end();
  }
}

function check(report: ImportReport, expected: Partial<ImportReport>, what: string): void {
  for (const [key, value] of Object.entries(expected)) {
    if (report[key as keyof ImportReport] !== value) throw new Error(`${what}: expected ${key} = ${String(value)}, report: ${JSON.stringify({ ...report, errors: report.errors.slice(0, 5) })}`);
  }
}

export async function run(rows = DEFAULT_ROWS): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'localreach-import-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'db'), persistent: false, fast: false });
  let ds: DataSource | undefined;
  try {
    await ensureDatabase(pg.adminUrl, 'bench');
    const url = pg.urlFor('bench');
    ds = await createDataSource(url, 4, 'bench-import').initialize();
    await runMigrations(ds);
    const importTenant = await createTenant(ds, 'Import');
    const copyTenant = await createTenant(ds, 'Raw COPY');
    const csvPath = join(dataDir, 'customers.csv');
    const copyPath = join(dataDir, 'customers.copy');
    const files = await writeBenchFiles(rows, csvPath, copyPath, copyTenant.businessId, new Date());
    const service = new CustomerImportService(ds, new SegmentStalenessRepository(), loadConfig({ NODE_ENV: 'test' }), new AuditTrail(ds, new AuditRepository()));
    const importFile = () => service.import(importTenant, createReadStream(csvPath), { format: 'csv', mapping: BENCH_MAPPING });

    // Raw COPY goes first, into the empty table; the import then writes next to its million rows.
    await ds.query('CHECKPOINT');
    const copy = await timed(() => rawCopy(url, copyPath));
    await ds.query('CHECKPOINT');
    const first = await timed(importFile);
    check(first.result, { received: rows, inserted: rows, failed: 0 }, 'import');
    await ds.query('CHECKPOINT');
    const second = await timed(importFile);
    check(second.result, { received: rows, inserted: 0, updated: 0, unchanged: rows }, 're-import');

    return table(
      [
        { name: 'raw `COPY customer FROM STDIN` (pre-normalised)', rows, seconds: copy.seconds },
        { name: 'CustomerImportService (CSV, new customers)', rows, seconds: first.seconds, peakRssMb: first.peakRssMb },
        { name: 'CustomerImportService (same file again, all unchanged)', rows, seconds: second.seconds, peakRssMb: second.peakRssMb },
      ],
      files,
    );
  } finally {
    await ds?.destroy();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function table(measured: Measured[], files: { csvBytes: number; copyBytes: number }): string {
  const [copy, first, second] = measured;
  const rate = (m: Measured) => m.rows / m.seconds;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  return [
    `### Customer import (${first.rows.toLocaleString('en-US')} rows; CSV ${mb(files.csvBytes)} MiB, COPY text ${mb(files.copyBytes)} MiB; PostgreSQL with fsync)`,
    '',
    '| what | rows | seconds | rows/s | peak RSS MiB |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...measured.map((m) => `| ${m.name} | ${m.rows} | ${m.seconds.toFixed(1)} | ${rate(m).toFixed(0)} | ${m.peakRssMb ?? ''} |`),
    '',
    `Ratio (import rows/s ÷ raw COPY rows/s): ${(rate(first) / rate(copy)).toFixed(2)}× (target ≥ 0.5×)`,
    `Idempotent re-import: ${second.seconds.toFixed(1)} s, ${(rate(second) / rate(copy)).toFixed(2)}× raw COPY`,
  ].join('\n');
}

if (require.main === module) {
  const rows = process.argv[2] ? Number(process.argv[2]) : DEFAULT_ROWS;
  run(rows).then((out) => console.log(out), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
