import { ApiProperty, DECORATORS } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** A validated DTO class (class-validator keys its metadata by the constructor). */
type DtoClass = abstract new (...args: never[]) => object;
type Schema = Record<string, unknown>;

/**
 * The request schemas of the OpenAPI document, read from the DTOs' class-validator rules, so a DTO
 * states each field once. Before the document is built, every validated class gets the @ApiProperty
 * metadata its rules imply; a field that already has an explicit @ApiProperty keeps it.
 */
export function describeValidatedClasses(): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<DtoClass | string, ValidationMetadata[]> };
  for (const target of storage.validationMetadatas.keys()) if (typeof target === 'function') describeClass(target);
}

/** What one rule says about the value (or, with `each`, about every item), keyed by the rule's name. */
const RULES: Record<string, (constraints: unknown[]) => Schema> = {
  isString: () => ({ type: 'string' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isBoolean: () => ({ type: 'boolean' }),
  isObject: () => ({ type: 'object' }),
  isArray: () => ({ type: 'array' }),
  isIn: ([values]) => ({ enum: values }),
  isEmail: () => ({ type: 'string', format: 'email' }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  minLength: ([min]) => ({ minLength: min }),
  maxLength: ([max]) => ({ maxLength: max }),
  isLength: ([min, max]) => ({ minLength: min, ...(max === undefined ? {} : { maxLength: max }) }),
  isNotEmpty: () => ({ minLength: 1 }),
  min: ([min]) => ({ minimum: min }),
  max: ([max]) => ({ maximum: max }),
  matches: ([pattern]) => ({ pattern: pattern instanceof RegExp ? pattern.source : String(pattern) }),
};
/** Rules on the array itself even when the field's other rules are `each` rules. */
const ARRAY_RULES: Record<string, (constraints: unknown[]) => Schema> = {
  arrayMinSize: ([min]) => ({ minItems: min }),
  arrayMaxSize: ([max]) => ({ maxItems: max }),
};
/** Primitive design types that say a field's type when no rule does. */
const DESIGN_TYPES = new Map<unknown, string>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
]);

function describeClass(target: DtoClass): void {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const defaults = defaultsOf(target);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
  const explicit = new Set<string>(Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, target.prototype) ?? []);
  for (const [property, rules] of byProperty) {
    if (explicit.has(`:${property}`)) continue;
    ApiProperty(propertySchema(target, property, rules, defaults[property]))(target.prototype, property);
  }
}

function propertySchema(target: DtoClass, property: string, rules: ValidationMetadata[], defaultValue: unknown): Schema {
  const own: Schema = {};
  const items: Schema = {};
  let optional = false;
  let nested = false;
  for (const rule of rules) {
    if (rule.type === 'conditionalValidation' || rule.type === 'isOptional') optional = true;
    if (rule.type === 'nestedValidation') nested = true;
    const name = ruleName(rule);
    const arrayRule = name === undefined ? undefined : ARRAY_RULES[name];
    if (arrayRule) Object.assign(own, { type: 'array' }, arrayRule(rule.constraints ?? []));
    const valueRule = name === undefined ? undefined : RULES[name];
    if (valueRule) Object.assign(rule.each ? items : own, valueRule(rule.constraints ?? []));
    if (rule.each) own.type = 'array';
  }
  const schema: Schema = { required: !optional, ...own, ...(defaultValue === undefined ? {} : { default: defaultValue }) };
  const nestedType = nested ? defaultMetadataStorage.findTypeMetadata(target, property)?.typeFunction() : undefined;
  if (nestedType) return { ...schema, type: nestedType, isArray: own.type === 'array' };
  if (own.type === 'array') return { ...schema, items: { ...items } };
  const designType = DESIGN_TYPES.get(Reflect.getMetadata('design:type', target.prototype, property));
  return own.type === undefined && designType ? { ...schema, type: designType } : schema;
}

/** Built-in rules carry their name on the constraint class (ValidateBy); the few older ones only a type. */
function ruleName(rule: ValidationMetadata): string | undefined {
  if (rule.type !== 'customValidation') return rule.type;
  return getMetadataStorage().getTargetValidatorConstraints(rule.constraintCls)[0]?.name;
}

/** Field initialisers (`limit = 500`) are the defaults a DTO gives absent fields. */
function defaultsOf(target: DtoClass): Record<string, unknown> {
  try {
    return { ...(new (target as new () => object)() as Record<string, unknown>) };
  } catch {
    return {};
  }
}
