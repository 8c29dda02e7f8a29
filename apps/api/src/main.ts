import 'reflect-metadata';
import { ConfigError, loadConfig, migrateDatabase } from '@localreach/core';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL', 'is required to run the API on its own (npm start provides one)');
  await migrateDatabase(config.databaseMigrationUrl ?? config.databaseUrl);
  const app = await createApiApp(config);
  await app.listen(config.port, '0.0.0.0');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
