import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { TrackingService } from '@localreach/analytics';
import { type AppConfig, UNTRUSTED_INPUT_LIMITS as L } from '@localreach/core';
import { ApiModule } from './app.module';
import { closeConnectionsWhenStopping } from './common/close-on-shutdown';
import { requireJsonBodies } from './common/require-json';
import { rejectUnsafeInput } from './common/unsafe-input';
import { createValidationPipe } from './common/validation';
import { headersSetBy, installTrackingFastPath } from './tracking/tracking-fast-path';

/** Builds the HTTP app (used by main and by the end-to-end tests). */
export async function createApiApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(closeConnectionsWhenStopping(app.getHttpServer()));
  const securityHeaders = helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  app.use(securityHeaders);
  // Open pixel and click redirects are answered before Express (see tracking-fast-path.ts), with the same headers.
  installTrackingFastPath(app.getHttpServer(), app.get(TrackingService), headersSetBy(securityHeaders));
  app.use(requireJsonBodies);
  // JSON only; CSV/NDJSON import bodies are left unread so they stream into the importer.
  app.useBodyParser('json', { limit: config.maxJsonBodyBytes, type: ['application/json', 'application/*+json'] });
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  app.use(rejectUnsafeInput);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('LocalReach API')
      .setDescription(
        'Customers, events, orders and stores for local businesses. Authenticate with `Authorization: Bearer <api key>`. ' +
          'Errors are JSON `{ statusCode, error, message, code, details: [{ field, message }] }`. ' +
          `Every JSON body, query string and path id is refused with 400 \`UNSAFE_INPUT\` naming the field when it holds control characters ` +
          `other than tab, line feed and carriage return, lone UTF-16 surrogates, the keys \`__proto__\`, \`constructor\` or \`prototype\`, ` +
          `non-finite numbers, nesting deeper than ${L.maxDepth} levels, arrays over ${L.maxArrayItems} items, objects over ${L.maxObjectKeys} keys ` +
          `or strings over ${L.maxStringLength} characters.`,
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key, e.g. lr_0123456789ab_...' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
