import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
}
export interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: object; example?: unknown; examples?: Record<string, { value: unknown }> }> };
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

/** Validates values against schemas of one OpenAPI 3.0 document (refs to its components resolve). */
export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<object, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ components: rebase(document.components) }, 'openapi');
  }

  /** Problems of a value against a schema of the document ([] when it fits). */
  problems(schema: object, value: unknown): string[] {
    let validate = this.cache.get(schema);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema) as object);
      this.cache.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  /** The documented operation for a concrete request path, if any. */
  operationFor(method: string, path: string): { template: string; operation: OpenApiOperation } | undefined {
    const clean = path.split('?')[0];
    for (const [template, item] of Object.entries(this.document.paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      if (pattern.test(clean) && item[method.toLowerCase()]) return { template, operation: item[method.toLowerCase()] };
    }
    return undefined;
  }
}

/**
 * Points the document's local refs at the schema registered as 'openapi', and
 * reads OpenAPI 3.0's `nullable` beside allOf/oneOf/anyOf/$ref as "or null"
 * (JSON Schema would otherwise still apply the composed schema to a null).
 */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (typeof node !== 'object' || node === null) return node;
  const record = node as Record<string, unknown>;
  if (record.nullable === true && ['allOf', 'oneOf', 'anyOf', '$ref'].some((k) => k in record)) {
    const { nullable: _nullable, ...rest } = record;
    return { anyOf: [rebase(rest), { enum: [null] }] };
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `openapi${value}` : rebase(value)]),
  );
}
