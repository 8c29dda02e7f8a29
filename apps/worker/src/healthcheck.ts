import 'reflect-metadata';
import { hostname } from 'node:os';
import { Client } from 'pg';
import { loadConfig, workerBeatRecently } from '@localreach/core';
import { HEARTBEAT_INTERVAL_MS } from './heartbeat.service';

/**
 * The worker container's health check (`node dist/apps/worker/src/healthcheck.js`):
 * exit 0 when a worker process in this container (same hostname) has written its
 * heartbeat within three intervals, 1 otherwise.
 */
async function main(): Promise<boolean> {
  const config = loadConfig();
  const client = new Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await workerBeatRecently(client, hostname(), (3 * HEARTBEAT_INTERVAL_MS) / 1000);
  } finally {
    await client.end();
  }
}

main().then(
  (alive) => process.exit(alive ? 0 : 1),
  (error: unknown) => {
    console.error(`worker health check failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
