/**
 * JSON-schema fragments for the DSL's structured values (see dsl/values.ts), so plugin schemas
 * can say "a range of integers" or "a schedule call" without repeating the `$kind` encoding.
 */
import type { JsonSchema } from './plugin.js';

const num = { type: 'number' } as const;

/** `a..b` */
export function rangeSchema(item: JsonSchema = num): JsonSchema {
  return {
    type: 'object',
    properties: { $kind: { const: 'range' }, from: item, to: item },
    required: ['$kind', 'from', 'to'],
    additionalProperties: false,
  };
}

/** `a -> b` */
export function arrowSchema(item: JsonSchema = num): JsonSchema {
  return {
    type: 'object',
    properties: { $kind: { const: 'arrow' }, from: item, to: item },
    required: ['$kind', 'from', 'to'],
    additionalProperties: false,
  };
}

/**
 * `name(args..., key: value, ...)`. `kwargs` are the allowed named arguments; positional
 * arguments are described by `args` (a list schema) when given.
 */
export function callSchema(
  name: string | string[],
  kwargs: Record<string, JsonSchema> = {},
  opts: { args?: JsonSchema; requiredKwargs?: string[] } = {},
): JsonSchema {
  return {
    type: 'object',
    properties: {
      $kind: { const: 'call' },
      name: Array.isArray(name) ? { enum: name } : { const: name },
      args: opts.args ?? { type: 'array', maxItems: 0 },
      kwargs: {
        type: 'object',
        properties: kwargs,
        additionalProperties: false,
        ...(opts.requiredKwargs ? { required: opts.requiredKwargs } : {}),
      },
    },
    required: ['$kind', 'name', 'args', 'kwargs'],
    additionalProperties: false,
  };
}

export const positiveNumber: JsonSchema = { type: 'number', exclusiveMinimum: 0 };
export const positiveInt: JsonSchema = { type: 'integer', minimum: 1 };
export const probability: JsonSchema = { type: 'number', minimum: 0, maximum: 1 };
