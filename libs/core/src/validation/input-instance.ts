import { plainToInstance, TransformationType } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';

/**
 * The instance class-validator checks, built from a parsed JSON value.
 *
 * class-transformer's plainToInstance walks every key through its generic
 * machinery (expose/exclude/transform lookups, deep copies): about 10 µs for
 * an import row, more than the row's own rules. Input classes only use
 * `@Type(() => Class)` to name nested classes, so for a class tree that uses
 * nothing else this builds the same instances directly; any other
 * class-transformer feature (@Transform, @Expose, @Exclude, discriminators,
 * @Type to a built-in) sends the value through plainToInstance as before.
 */

type AnyClass = new () => object;

/** The part of class-transformer's metadata store read here (the store @nestjs/mapped-types reads too). */
interface TransformerMetadata {
  findTypeMetadata(target: AnyClass, property: string): { typeFunction?: (options?: unknown) => unknown; options?: { discriminator?: unknown } } | undefined;
  findTransformMetadatas(target: AnyClass, property: string, type: TransformationType): unknown[];
  getExposedMetadatas(target: AnyClass): unknown[];
  getExcludedMetadatas(target: AnyClass): unknown[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformerMetadata = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerMetadata }).defaultMetadataStorage;

const BUILT_INS: unknown[] = [String, Number, Boolean, Date, Buffer, Object, Array, Map, Set, Promise];

/** Nested class by property, for the properties class-validator checks; none when plainToInstance is needed. */
type Plan = Map<string, AnyClass>;
const plans = new WeakMap<AnyClass, Plan | null>();

function planOf(type: AnyClass, planning = new Set<AnyClass>()): Plan | undefined {
  const known = plans.get(type);
  if (known !== undefined) return known ?? undefined;
  if (planning.has(type)) return new Map(); // a recursive class: its own plan is being made below
  planning.add(type);
  const plan = makePlan(type, planning);
  plans.set(type, plan ?? null);
  return plan;
}

function makePlan(type: AnyClass, planning: Set<AnyClass>): Plan | undefined {
  if (transformerMetadata.getExposedMetadatas(type).length > 0 || transformerMetadata.getExcludedMetadatas(type).length > 0) return undefined;
  const properties = new Set(getMetadataStorage().getTargetValidationMetadatas(type, '', false, false).map((m) => m.propertyName));
  const plan: Plan = new Map();
  for (const property of properties) {
    if (transformerMetadata.findTransformMetadatas(type, property, TransformationType.PLAIN_TO_CLASS).length > 0) return undefined;
    const typed = transformerMetadata.findTypeMetadata(type, property);
    if (!typed) continue;
    if (typed.options?.discriminator || !typed.typeFunction || typed.typeFunction.length > 0) return undefined;
    const nested = typed.typeFunction();
    if (typeof nested !== 'function' || BUILT_INS.includes(nested) || !planOf(nested as AnyClass, planning)) return undefined;
    plan.set(property, nested as AnyClass);
  }
  return plan;
}

// As plainToInstance: a nested class's value becomes an instance (each item of an array); anything else is kept.
function convert(value: unknown, type: AnyClass): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item, type));
  return typeof value === 'object' && value !== null ? build(type, value as Record<string, unknown>) : value;
}

const PLAIN_TO_INSTANCE = { enableImplicitConversion: false } as const;

function build(type: AnyClass, raw: Record<string, unknown>): object {
  const plan = planOf(type);
  if (!plan) return plainToInstance(type, raw, PLAIN_TO_INSTANCE);
  const instance = new type() as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    // plainToInstance leaves out keys that would replace the class's methods or getters (toString, ...).
    if (key === '__proto__' || key === 'constructor' || instance[key] instanceof Function) continue;
    const own = Object.getOwnPropertyDescriptor(type.prototype, key);
    if (own && !own.set) continue;
    const nested = plan.get(key);
    instance[key] = nested ? convert(raw[key], nested) : raw[key];
  }
  return instance;
}

/**
 * An instance of `type` holding a parsed JSON object, nested input classes
 * instantiated as plainToInstance would (other values are kept, not copied).
 */
export function inputInstance<T extends object>(type: new () => T, raw: Record<string, unknown>): T {
  return build(type, raw) as T;
}
