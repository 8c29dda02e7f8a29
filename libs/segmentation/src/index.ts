export * from './segment-definition';
export * from './segment-definition.schema';
export * from './segment-validator';
export * from './segment-compiler';
export * from './segment-evaluator';
export * from './segment.errors';
export * from './segments';
// Shared with the campaign validator, which checks event triggers and its own fields with the same rules and messages.
export {
  checkBoolean, checkEnum, checkKeys, checkNumber, checkString, checkUuid, isObject, Problems, type JsonObject,
} from './validation/problems';
export { validateWhere } from './validation/validate-behaviour';
export * from './segment-reads';
export { matchJsonValue } from './evaluator/evaluate-values';
export * from './event-type-alias';
export { durationProblem, type DurationRule } from './durations';
