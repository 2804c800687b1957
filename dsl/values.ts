/**
 * The value language as plain JS, which is what plugin schemas validate and what cache keys hash.
 * Scalars, lists and maps map to themselves; the three structured forms carry a `$kind` tag
 * (a key no user option can start with, since DSL keys are identifiers):
 *
 *   2..8                    → { $kind: 'range', from: 2, to: 8 }
 *   0.3 -> 0.0              → { $kind: 'arrow', from: 0.3, to: 0 }
 *   cosine(0.3 -> 0.0)      → { $kind: 'call', name: 'cosine', args: [{ $kind: 'arrow', ... }], kwargs: {} }
 *   crown_ibp(eps: 0.1)     → { $kind: 'call', name: 'crown_ibp', args: [], kwargs: { eps: 0.1 } }
 *
 * Identifiers become strings (`relu` → "relu"); `$var` is substituted from the sweep point.
 */
import type { ValueNode } from './ast.js';
import type { JsonValue } from '../kernel/plugin.js';

export interface RangeJs {
  $kind: 'range';
  from: JsonValue;
  to: JsonValue;
}
export interface ArrowJs {
  $kind: 'arrow';
  from: JsonValue;
  to: JsonValue;
}
export interface CallJs {
  $kind: 'call';
  name: string;
  args: JsonValue[];
  kwargs: Record<string, JsonValue>;
}

export function isRange(v: unknown): v is RangeJs {
  return typeof v === 'object' && v !== null && (v as { $kind?: unknown }).$kind === 'range';
}
export function isArrow(v: unknown): v is ArrowJs {
  return typeof v === 'object' && v !== null && (v as { $kind?: unknown }).$kind === 'arrow';
}
export function isCall(v: unknown): v is CallJs {
  return typeof v === 'object' && v !== null && (v as { $kind?: unknown }).$kind === 'call';
}

/** Thrown by `toJs` for a `$var` with no value; the caller turns it into a diagnostic. */
export class UnboundVariableError extends Error {
  constructor(readonly node: ValueNode & { kind: 'var' }) {
    super(`unknown sweep variable '$${node.name}'`);
  }
}

export function toJs(node: ValueNode, vars: Record<string, JsonValue> = {}): JsonValue {
  switch (node.kind) {
    case 'number':
    case 'string':
    case 'boolean':
      return node.value;
    case 'ident':
      return node.name;
    case 'var': {
      if (!(node.name in vars)) throw new UnboundVariableError(node);
      return vars[node.name]!;
    }
    case 'list':
      return node.items.map((i) => toJs(i, vars));
    case 'map': {
      const out: Record<string, JsonValue> = {};
      for (const e of node.entries) out[e.key] = toJs(e.value, vars);
      return out;
    }
    case 'range':
      return { $kind: 'range', from: toJs(node.from, vars), to: toJs(node.to, vars) };
    case 'arrow':
      return { $kind: 'arrow', from: toJs(node.from, vars), to: toJs(node.to, vars) };
    case 'call': {
      const args: JsonValue[] = [];
      const kwargs: Record<string, JsonValue> = {};
      for (const a of node.args) {
        if (a.name !== undefined) kwargs[a.name] = toJs(a.value, vars);
        else args.push(toJs(a.value, vars));
      }
      return { $kind: 'call', name: node.name, args, kwargs };
    }
  }
}
