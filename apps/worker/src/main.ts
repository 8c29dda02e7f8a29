import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig, migrateDatabase } from '@localreach/core';
import { lowerCpuPriority } from './cpu-priority';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL', 'is required to run the worker on its own (npm start provides one)');
  // Before anything else runs: the API's answers go first on a shared machine (WORKER_CPU_NICE).
  lowerCpuPriority(config.workerCpuNice);
  await migrateDatabase(config.databaseMigrationUrl ?? config.databaseUrl);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
