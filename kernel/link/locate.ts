/**
 * Maps a path into a stage's config value (as ajv or a plugin's check() reports it) back to the
 * AST node it came from, so a schema failure points at the offending value's line and column.
 */
import type { MapValue, ValueNode } from '../../dsl/ast.js';
import type { Range } from '../../dsl/diagnostics.js';

export type ConfigPath = (string | number)[];

/** `/layers/2` → ['layers', 2]; ajv escapes `~` and `/` as ~0 and ~1. */
export function parseInstancePath(p: string): ConfigPath {
  if (!p) return [];
  return p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The deepest node along `path`, and whether the whole path was found. */
export function locate(root: MapValue, path: ConfigPath): { node: ValueNode; keyRange?: Range; complete: boolean } {
  let node: ValueNode = root;
  let keyRange: Range | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const next = step(node, seg, path[i + 1]);
    if (!next) return { node, keyRange, complete: false };
    node = next.node;
    keyRange = next.keyRange;
    i += next.consumed - 1;
  }
  return { node, keyRange, complete: true };
}

function step(
  node: ValueNode,
  seg: string | number,
  lookahead: string | number | undefined,
): { node: ValueNode; keyRange?: Range; consumed: number } | undefined {
  switch (node.kind) {
    case 'map': {
      const e = node.entries.find((x) => x.key === seg);
      return e ? { node: e.value, keyRange: e.keyRange, consumed: 1 } : undefined;
    }
    case 'list':
      return typeof seg === 'number' && node.items[seg] ? { node: node.items[seg]!, consumed: 1 } : undefined;
    case 'range':
    case 'arrow':
      if (seg === 'from') return { node: node.from, consumed: 1 };
      if (seg === 'to') return { node: node.to, consumed: 1 };
      return undefined;
    case 'call': {
      // JS form: { name, args: [...], kwargs: {...} }
      if (seg === 'args' && typeof lookahead === 'number') {
        const positional = node.args.filter((a) => a.name === undefined);
        const a = positional[lookahead];
        return a ? { node: a.value, consumed: 2 } : undefined;
      }
      if (seg === 'kwargs' && typeof lookahead === 'string') {
        const a = node.args.find((x) => x.name === lookahead);
        return a ? { node: a.value, keyRange: a.nameRange, consumed: 2 } : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

export function pathToString(path: ConfigPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
