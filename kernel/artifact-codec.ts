/**
 * A binary encoding for artifacts (plain data with typed arrays): a JSON skeleton in which each
 * typed array is replaced by a reference into one binary section. Typed arrays stay binary (a
 * 10k×784 Float32Array is 31 MB raw, not 150 MB of JSON text) and the result can be written to the
 * cache or sent to another process.
 *
 * Layout: "PWA1" | u32 LE json byte length | json | padding to 8 | binary section.
 */

const MAGIC = 'PWA1';

const TYPED = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Uint8ClampedArray,
} as const;
type TypedName = keyof typeof TYPED;
type AnyTyped = InstanceType<(typeof TYPED)[TypedName]>;

interface TypedRef {
  $typed: TypedName;
  offset: number;
  length: number;
}

export class ArtifactShapeError extends Error {}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function encodeArtifact(value: unknown): Buffer {
  const chunks: AnyTyped[] = [];
  let offset = 0;
  const walk = (v: unknown, path: string): unknown => {
    if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') {
      if (typeof v === 'number' && !Number.isFinite(v)) return { $num: String(v) };
      return v;
    }
    if (v === undefined) return undefined;
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`) ?? null);
    if (ArrayBuffer.isView(v)) {
      const name = v.constructor.name as TypedName;
      if (!(name in TYPED)) throw new ArtifactShapeError(`${path}: unsupported binary type ${name}`);
      const t = v as AnyTyped;
      const ref: TypedRef = { $typed: name, offset, length: t.length };
      chunks.push(t);
      offset += Math.ceil(t.byteLength / 8) * 8;
      return ref;
    }
    if (typeof v === 'object' && isPlainObject(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const w = walk(x, `${path}.${k}`);
        if (w !== undefined) out[k] = w;
      }
      return out;
    }
    const what = typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v;
    throw new ArtifactShapeError(
      `${path}: a stage output must be plain data (objects, arrays, numbers, strings, typed arrays), found ${what}`,
    );
  };
  const skeleton = Buffer.from(JSON.stringify(walk(value, 'output') ?? null), 'utf8');
  const head = 8 + skeleton.length;
  const binStart = Math.ceil(head / 8) * 8;
  const out = Buffer.alloc(binStart + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(skeleton.length, 4);
  skeleton.copy(out, 8);
  let pos = binStart;
  for (const t of chunks) {
    out.set(new Uint8Array(t.buffer, t.byteOffset, t.byteLength), pos);
    pos += Math.ceil(t.byteLength / 8) * 8;
  }
  return out;
}

export function decodeArtifact(buf: Uint8Array): unknown {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 8 || b.toString('latin1', 0, 4) !== MAGIC) {
    throw new ArtifactShapeError('not a pipewright artifact (bad header)');
  }
  const jsonLen = b.readUInt32LE(4);
  if (8 + jsonLen > b.length) throw new ArtifactShapeError('truncated artifact');
  const binStart = Math.ceil((8 + jsonLen) / 8) * 8;
  const skeleton = JSON.parse(b.toString('utf8', 8, 8 + jsonLen)) as unknown;
  const revive = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(revive);
    const o = v as Record<string, unknown>;
    if (typeof o.$num === 'string' && Object.keys(o).length === 1) return Number(o.$num);
    if (typeof o.$typed === 'string' && o.$typed in TYPED) {
      const ref = o as unknown as TypedRef;
      const Ctor = TYPED[ref.$typed];
      const bytes = ref.length * Ctor.BYTES_PER_ELEMENT;
      const start = binStart + ref.offset;
      if (start + bytes > b.length) throw new ArtifactShapeError('truncated artifact');
      // Copy: the source buffer may be a pooled slice with arbitrary alignment.
      const copy = new Uint8Array(bytes);
      copy.set(b.subarray(start, start + bytes));
      return new Ctor(copy.buffer);
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = revive(x);
    return out;
  };
  return revive(skeleton);
}
