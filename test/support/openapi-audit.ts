/** What makes an OpenAPI document less than exact, as a list of "where: what" lines (empty = exact). */
type Schema = Record<string, unknown>;
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
interface Operation {
  operationId?: string;
  requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown; examples?: Record<string, { value: unknown }> }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  parameters?: { name: string; in: string; schema?: Schema }[];
}

const COMPOSED = ['$ref', 'oneOf', 'anyOf', 'allOf', 'enum', 'const'];
const SCALARS = ['string', 'number', 'integer', 'boolean'];

function resolveRef(doc: Document, ref: string): Schema | undefined {
  const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
  return match ? doc.components.schemas[match[1]] : undefined;
}

function auditSchema(doc: Document, schema: Schema, where: string, out: string[]): void {
  if (typeof schema.$ref === 'string') {
    if (!resolveRef(doc, schema.$ref)) out.push(`${where}: $ref ${schema.$ref} does not resolve`);
    return;
  }
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((s, i) => auditSchema(doc, s as Schema, `${where}.${key}[${i}]`, out));
  }
  const type = schema.type;
  if (type === undefined) {
    if (!COMPOSED.some((k) => k in schema)) out.push(`${where}: has no type`);
    return;
  }
  if (type === 'array') {
    if (!schema.items) out.push(`${where}: array without items`);
    else auditSchema(doc, schema.items as Schema, `${where}[]`, out);
    return;
  }
  if (type === 'object') {
    const properties = schema.properties as Record<string, Schema> | undefined;
    const additional = schema.additionalProperties;
    if (!properties && additional === undefined && !COMPOSED.some((k) => k in schema)) {
      out.push(`${where}: object with neither properties nor additionalProperties`);
    }
    // With oneOf/anyOf/allOf the required names may be described in the alternatives.
    const composed = ['oneOf', 'anyOf', 'allOf'].some((k) => k in schema);
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!composed && (!properties || !(name in properties))) out.push(`${where}: requires ${name}, which is not a property`);
    }
    for (const [name, property] of Object.entries(properties ?? {})) auditSchema(doc, property, `${where}.${name}`, out);
    if (additional && typeof additional === 'object' && Object.keys(additional).length > 0) auditSchema(doc, additional as Schema, `${where}{}`, out);
    return;
  }
  if (!SCALARS.includes(type as string)) out.push(`${where}: unexpected type ${JSON.stringify(type)}`);
}

/** Lists every untyped, unresolved or inconsistent place in the document. */
export function auditOpenApiDocument(doc: Document): string[] {
  const out: string[] = [];
  for (const [name, schema] of Object.entries(doc.components.schemas)) auditSchema(doc, schema, `#/components/schemas/${name}`, out);
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const where = `${method.toUpperCase()} ${path}`;
      for (const parameter of operation.parameters ?? []) {
        if (!parameter.schema) out.push(`${where} parameter ${parameter.name}: no schema`);
        else auditSchema(doc, parameter.schema, `${where} parameter ${parameter.name}`, out);
      }
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
        if (!media.schema) out.push(`${where} body ${type}: no schema`);
        else auditSchema(doc, media.schema, `${where} body ${type}`, out);
        if (type === 'application/json' && media.example === undefined && Object.keys(media.examples ?? {}).length === 0) out.push(`${where} body: no example`);
      }
      const responses = Object.entries(operation.responses ?? {});
      if (!responses.some(([status]) => /^[23]/.test(status))) out.push(`${where}: no success response`);
      for (const [status, response] of responses) {
        for (const [type, media] of Object.entries(response.content ?? {})) {
          if (!media.schema) out.push(`${where} ${status} ${type}: no schema`);
          else auditSchema(doc, media.schema, `${where} ${status} ${type}`, out);
        }
        if (/^2/.test(status) && status !== '204' && !response.content) out.push(`${where} ${status}: no content described`);
      }
    }
  }
  return out;
}
