import type { SegmentDefinition } from './segment-definition';
import { checkString, isObject, type JsonObject, type Problems } from './validation/problems';

/**
 * An event's type is `eventType` wherever a rule names one: segment `event`
 * conditions, campaign `event` triggers and `event` goals, as events carry it
 * (`type` on POST /v1/events). `name` is accepted as a deprecated alias on
 * input and rewritten to `eventType` before anything is stored.
 */
export const DEPRECATED_EVENT_TYPE_ALIAS = 'name';

/** Checks `eventType` (or its alias `name`) of a node that names an event type. */
export function checkEventType(node: JsonObject, path: string, out: Problems): void {
  const hasAlias = node[DEPRECATED_EVENT_TYPE_ALIAS] !== undefined;
  if (node.eventType !== undefined && hasAlias) {
    out.add(`${path}.${DEPRECATED_EVENT_TYPE_ALIAS}`, 'is the deprecated alias of eventType; give eventType only');
    return;
  }
  if (hasAlias) checkString(node[DEPRECATED_EVENT_TYPE_ALIAS], `${path}.${DEPRECATED_EVENT_TYPE_ALIAS}`, out);
  else checkString(node.eventType, `${path}.eventType`, out);
}

/** The node with `name` renamed to `eventType` (a copy when renamed; the same object otherwise). */
export function withCanonicalEventType<T>(node: T): T {
  if (!isObject(node) || node.eventType !== undefined || !(DEPRECATED_EVENT_TYPE_ALIAS in node)) return node;
  const { [DEPRECATED_EVENT_TYPE_ALIAS]: eventType, ...rest } = node;
  return { ...rest, eventType } as T;
}

// Copies only along the path to a renamed condition: a definition without the alias comes back as the same object.
function canonicalNode(node: unknown): unknown {
  if (!isObject(node)) return node;
  for (const key of ['all', 'any'] as const) {
    const children = node[key];
    if (Array.isArray(children)) {
      const canonical = children.map(canonicalNode);
      return canonical.every((child, i) => child === children[i]) ? node : { ...node, [key]: canonical };
    }
  }
  if (node.not !== undefined) {
    const not = canonicalNode(node.not);
    return not === node.not ? node : { ...node, not };
  }
  return node.type === 'event' ? withCanonicalEventType(node) : node;
}

/** A valid segment definition with every event condition's alias `name` written as `eventType` (the same object when none is). */
export function canonicalSegmentDefinition(definition: SegmentDefinition): SegmentDefinition {
  return canonicalNode(definition) as SegmentDefinition;
}
