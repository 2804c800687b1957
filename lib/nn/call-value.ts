/**
 * Options that arrive as DSL values (dsl/values.ts: `cosine(0.3 -> 0.0)` becomes
 * `{ $kind: 'call', name, args, kwargs }`). lib/ does not import dsl/values.ts, so the shapes it
 * reads are restated here, structurally; any object of that shape fits.
 */

export interface CallValue {
  $kind: 'call';
  name: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export interface ArrowValue {
  $kind: 'arrow';
  from: unknown;
  to: unknown;
}

export function isCallValue(v: unknown): v is CallValue {
  return typeof v === 'object' && v !== null && (v as { $kind?: unknown }).$kind === 'call';
}

export function isArrowValue(v: unknown): v is ArrowValue {
  return typeof v === 'object' && v !== null && (v as { $kind?: unknown }).$kind === 'arrow';
}

/**
 * A bad option value, with the path inside the option (e.g. ['kwargs', 'every']) so a plugin
 * can point the user at it through `ctx.configError([option, ...path], message)`.
 */
export class OptionValueError extends Error {
  constructor(
    message: string,
    readonly path: (string | number)[] = [],
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'OptionValueError';
  }
}
