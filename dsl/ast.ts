/**
 * The .pipe AST. Every node carries the source range it came from, so that the kernel can
 * point a diagnostic (unknown plugin, schema failure, port mismatch) at the exact text.
 */
import type { Range } from './diagnostics.js';

export type ValueNode =
  | NumberValue
  | StringValue
  | BooleanValue
  | IdentValue
  | VarValue
  | ListValue
  | MapValue
  | RangeValue
  | ArrowValue
  | CallValue;

export interface NumberValue {
  kind: 'number';
  value: number;
  /** The text as written (`1e-3`, `10k`), kept for the formatter. */
  raw: string;
  range: Range;
}
export interface StringValue {
  kind: 'string';
  value: string;
  range: Range;
}
export interface BooleanValue {
  kind: 'boolean';
  value: boolean;
  range: Range;
}
/** A bare identifier used as a value: an enum member such as `relu`, `erk`, `MUTAG`. */
export interface IdentValue {
  kind: 'ident';
  name: string;
  range: Range;
}
/** A sweep variable reference, `$density`. */
export interface VarValue {
  kind: 'var';
  name: string;
  range: Range;
}
export interface ListValue {
  kind: 'list';
  items: ValueNode[];
  range: Range;
}
export interface MapEntry {
  key: string;
  keyRange: Range;
  value: ValueNode;
  range: Range;
}
export interface MapValue {
  kind: 'map';
  entries: MapEntry[];
  range: Range;
}
/** `2..8` */
export interface RangeValue {
  kind: 'range';
  from: ValueNode;
  to: ValueNode;
  range: Range;
}
/** `0.3 -> 0.0`, used inside schedule calls. */
export interface ArrowValue {
  kind: 'arrow';
  from: ValueNode;
  to: ValueNode;
  range: Range;
}
export interface CallArg {
  /** Set for `name: value` arguments. */
  name?: string;
  nameRange?: Range;
  value: ValueNode;
}
/** `cosine(0.3 -> 0.0)`, `crown_ibp(eps: 0.1, ramp: 2..10)`, `step(halve_every: 50)` */
export interface CallValue {
  kind: 'call';
  name: string;
  nameRange: Range;
  args: CallArg[];
  range: Range;
}

export interface Comment {
  /** Text including the leading `#` or `//`. */
  text: string;
  range: Range;
}

export interface UseDecl {
  kind: 'use';
  target: string;
  range: Range;
}

export interface NameRef {
  name: string;
  range: Range;
}

export interface StageNode {
  kind: 'stage';
  /** Stage kind as written: data, model, sparsify, train, verify, evaluate, compress, ... */
  stageKind: string;
  stageKindRange: Range;
  plugin: string;
  pluginRange: Range;
  /** `as NAME` */
  alias?: NameRef;
  /** `from A, B` */
  from: NameRef[];
  /** The `{ ... }` block; an empty map when the block is `{}`. */
  config: MapValue;
  range: Range;
}

export interface SweepNode {
  kind: 'sweep';
  /** `sweep { lr: [0.1, 0.01], seed: [1, 2, 3] }`: each entry's value must be a list. */
  entries: MapEntry[];
  range: Range;
}

export interface PipelineNode {
  kind: 'pipeline';
  name: string;
  nameRange: Range;
  backend?: NameRef;
  seed?: { value: number; range: Range };
  sweeps: SweepNode[];
  stages: StageNode[];
  range: Range;
}

export interface PipeFile {
  kind: 'file';
  /** Path as given by the user. */
  file: string;
  version?: { value: number; range: Range };
  uses: UseDecl[];
  pipelines: PipelineNode[];
  comments: Comment[];
  range: Range;
}
