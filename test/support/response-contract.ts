import { OpenApiValidator, type OpenApiDocument } from './openapi-validator';

/** What is checked of a response (supertest's and a fetch adapter's both fit). */
export interface ReceivedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * Checks a response the e2e suite received against the OpenAPI document: a
 * success status must be documented for its operation, and a JSON body must
 * fit the schema documented for its status (errors: the ErrorResponse shape).
 * Throws with the path, status and every misfit.
 */
export class ResponseContract {
  private readonly validator: OpenApiValidator;
  constructor(document: OpenApiDocument) {
    this.validator = new OpenApiValidator(document);
  }

  check(method: string, url: string, res: ReceivedResponse): void {
    const path = new URL(url, 'http://localhost').pathname;
    const found = this.validator.operationFor(method, path);
    if (!found) return;
    const status = String(res.status);
    const responses = found.operation.responses ?? {};
    const documented = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    const where = `${method.toUpperCase()} ${found.template} answered ${status}`;
    if (!documented) {
      if (res.status < 400) throw new Error(`${where}, a status the OpenAPI document does not list for it`);
      return;
    }
    const isJson = /application\/json/.test(String(res.headers['content-type'] ?? ''));
    const schema = documented.content?.['application/json']?.schema;
    if (!isJson || res.status === 204) return;
    if (!schema) {
      if (documented.content && Object.keys(documented.content).length > 0) throw new Error(`${where} with JSON, but the document lists only ${Object.keys(documented.content).join(', ')}`);
      throw new Error(`${where} with a JSON body the document does not describe`);
    }
    const problems = this.validator.problems(schema, res.body);
    if (problems.length > 0) throw new Error(`${where} with a body that does not fit its documented schema:\n  ${problems.slice(0, 10).join('\n  ')}`);
  }
}
