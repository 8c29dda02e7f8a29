import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { CAMPAIGN_SCHEMAS, previewContextSchema } from '@localreach/campaigns';
import { SENDER_CONFIRMATION_PATH, UNTRUSTED_INPUT_LIMITS as L } from '@localreach/core';
import { SEGMENT_DEFINITION_SCHEMAS } from '@localreach/segmentation';
import { IMPORT_BODY_EXAMPLES } from '../customers/customer-import.docs';

const DESCRIPTION =
  'Customers, events, orders and stores for local businesses. Authenticate with `Authorization: Bearer <api key>`. ' +
  'Errors are JSON `{ statusCode, error, message, code, details: [{ field, message }] }`. ' +
  `Every JSON body, query string and path id is refused with 400 \`UNSAFE_INPUT\` naming the field when it holds control characters ` +
  `other than tab, line feed and carriage return, lone UTF-16 surrogates, the keys \`__proto__\`, \`constructor\` or \`prototype\`, ` +
  `non-finite numbers, nesting deeper than ${L.maxDepth} levels, arrays over ${L.maxArrayItems} items, objects over ${L.maxObjectKeys} keys ` +
  `or strings over ${L.maxStringLength} characters. Percent-encoded bytes that are not UTF-8 in a query string are read as U+FFFD.`;

const ERROR_RESPONSE = {
  type: 'object',
  description: 'Every refusal and failure has this shape; details name the offending fields',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 422 },
    error: { type: 'string', example: 'Unprocessable Entity' },
    message: { type: 'string', example: 'phone: must be a valid phone number (E.164, or national for US)' },
    code: { type: 'string', description: 'Stable machine-readable reason', example: 'INVALID_CUSTOMER' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        additionalProperties: false,
        properties: {
          field: { type: 'string', description: 'Path of the field: a.b[2].c', example: 'phone' },
          message: { type: 'string', example: 'must be a valid phone number (E.164, or national for US)' },
        },
      },
    },
  },
};

type Responses = Record<string, { description?: string; content?: object }>;

/**
 * Every /v1 operation may answer 4XX/5XX with the error shape, and error
 * statuses documented without a body elsewhere get it too, except on the
 * unsubscribe and sender confirmation pages, whose errors are HTML pages.
 */
function addErrorResponses(document: OpenAPIObject): void {
  const content = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as { responses?: Responses }[]) {
      const responses = (operation.responses ??= {});
      if (!path.startsWith('/u/') && !path.startsWith(`${SENDER_CONFIRMATION_PATH}/`)) {
        for (const [status, response] of Object.entries(responses)) if (/^[45]/.test(status) && !response.content) response.content = content;
      }
      if (!path.startsWith('/v1/')) continue;
      responses['4XX'] ??= { description: 'Refused: bad input (naming the fields), no or wrong key, role, not found, conflict', content };
      responses['5XX'] ??= { description: 'The server failed or the database is unavailable', content };
    }
  }
}

interface Operation {
  parameters?: { name: string; in: string; schema?: { enum?: unknown[] } }[];
  responses?: Responses;
}

/** Operations with ?format=csv answer text/csv as well as JSON on success. */
function addCsvResponses(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      const format = operation.parameters?.find((p) => p.in === 'query' && p.name === 'format');
      const ok = operation.responses?.['200'];
      if (!format?.schema?.enum?.includes('csv') || !ok) continue;
      ok.content = { ...ok.content, 'text/csv': { schema: { type: 'string', description: 'RFC 4180 CSV with a header row (format=csv)' } } };
    }
  }
}

/** Bodies whose media types each need their own example: path → method → media type → example. */
const MEDIA_EXAMPLES: Record<string, Record<string, Readonly<Record<string, string>>>> = {
  '/v1/customers/import': { post: IMPORT_BODY_EXAMPLES },
};

function addMediaExamples(document: OpenAPIObject): void {
  for (const [path, methods] of Object.entries(MEDIA_EXAMPLES)) {
    for (const [method, examples] of Object.entries(methods)) {
      const operation = (document.paths[path] as Record<string, { requestBody?: { content?: Record<string, { schema?: object; example?: string }> } }>)[method];
      for (const [type, example] of Object.entries(examples)) {
        const media = operation?.requestBody?.content?.[type];
        if (!media) throw new Error(`${method.toUpperCase()} ${path} does not take ${type}`);
        media.schema = { ...media.schema, type: 'string' };
        media.example = example;
      }
    }
  }
}

/** JSON Schemas kept in libs (rule trees the lib validators check), added to the document's components under these names. */
function libSchemas(): Record<string, Record<string, unknown>> {
  return { ErrorResponse: ERROR_RESPONSE, TemplatePreviewContext: previewContextSchema(), ...SEGMENT_DEFINITION_SCHEMAS, ...CAMPAIGN_SCHEMAS };
}

/** The OpenAPI document served at /docs-json: decorators of the controllers and DTOs, plus the libs' JSON Schemas. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('LocalReach API')
      .setDescription(DESCRIPTION)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key, e.g. lr_0123456789ab_...' })
      .build(),
  );
  const schemas = (document.components ??= {}).schemas ??= {};
  for (const [name, schema] of Object.entries(libSchemas())) {
    // A copy: the document is served and may be post-processed; the libs' schemas stay frozen.
    if (schemas[name]) throw new Error(`OpenAPI component ${name} is defined twice`);
    schemas[name] = structuredClone(schema);
  }
  addErrorResponses(document);
  addCsvResponses(document);
  addMediaExamples(document);
  return document;
}
