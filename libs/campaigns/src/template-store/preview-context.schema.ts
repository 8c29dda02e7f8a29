import { TEMPLATE_VARIABLES, type VariableShape } from '../templates/template-context';

/** Context sections a preview may fill in; business always comes from the business itself. */
export const PREVIEW_CONTEXT_SECTIONS = ['customer', 'store', 'offer', 'event', 'links', 'message', 'campaign'] as const;

/** A sample event's properties, at most what POST /v1/events accepts. */
export const PREVIEW_EVENT_PROPERTIES_MAX_BYTES = 32 * 1024;

type JsonSchema = Record<string, unknown>;

function shapeSchema(shape: VariableShape): JsonSchema {
  if (shape === 'value') return { anyOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }], description: 'A string, number, boolean or null' };
  if (shape === 'list') return { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } };
  if (shape === 'map') return { type: 'object', additionalProperties: true };
  return {
    type: 'object',
    nullable: true,
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(shape).map(([key, inner]) => [key, shapeSchema(inner)])),
  };
}

/**
 * The JSON Schema (OpenAPI 3.0) of a preview's `context`, generated from
 * TEMPLATE_VARIABLES, the same tree the preview's checker walks, so the
 * document and the checker cannot disagree.
 */
export function previewContextSchema(): JsonSchema {
  const variables: Readonly<Record<string, VariableShape>> = TEMPLATE_VARIABLES;
  return {
    type: 'object',
    additionalProperties: false,
    description: 'Sample values for the sections a template reads; anything left out gets a realistic sample. business is always your own.',
    properties: Object.fromEntries(PREVIEW_CONTEXT_SECTIONS.map((section) => [section, shapeSchema(variables[section])])),
  };
}
