import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { TrackingService } from '@localreach/analytics';
import { Metrics, type AppConfig } from '@localreach/core';
import { adminUiRouter } from './admin/admin-ui';
import { ApiModule } from './app.module';
import { answerBodyParserErrors } from './common/body-parser-errors';
import { closeConnectionsWhenStopping } from './common/close-on-shutdown';
import { httpMetrics } from './common/http-metrics';
import { requireJsonBodies } from './common/require-json';
import { rejectUnsafeInput } from './common/unsafe-input';
import { createValidationPipe } from './common/validation';
import { buildOpenApiDocument } from './common/openapi-document';
import { headersSetBy, installTrackingFastPath } from './tracking/tracking-fast-path';

/** Builds the HTTP app (used by main and by the end-to-end tests). */
export async function createApiApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  const metrics = app.get(Metrics);
  app.use(httpMetrics(metrics));
  app.use(closeConnectionsWhenStopping(app.getHttpServer()));
  const securityHeaders = helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  app.use(securityHeaders);
  // Open pixel and click redirects are answered before Express (see tracking-fast-path.ts), with the same headers.
  installTrackingFastPath(app.getHttpServer(), app.get(TrackingService), headersSetBy(securityHeaders), metrics);
  app.use('/admin', adminUiRouter(config));
  app.use(requireJsonBodies);
  // JSON only; CSV/NDJSON import bodies are left unread so they stream into the importer.
  app.useBodyParser('json', { limit: config.maxJsonBodyBytes, type: ['application/json', 'application/*+json'] });
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  app.use(answerBodyParserErrors);
  app.use(rejectUnsafeInput);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
