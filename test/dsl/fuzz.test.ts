/**
 * Random damage to real .pipe files must never make the front end throw, hang, or report a
 * position that is not in the file; and whatever it still formats must format stably.
 * Seeded: a failure prints its seed and case number, and `FUZZ_SEED=<seed>` replays it.
 */
import { isSyntaxCode } from '../../dsl/codes.js';
import { formatPipe } from '../../dsl/format.js';
import { parsePipe } from '../../dsl/parse.js';
import { allRanges, fixture, isSaneRange, rng, stripRanges } from './helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const CASES = 3000;
/**
 * Worst case, in CPU time (robust to a busy machine), for one parse of a ~100-line file;
 * typical is 0.5 ms for a clean file and 2-3 ms for a badly broken one.
 */
const PARSE_BOUND_MS = 200;

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

const sources = [fixture('examples.pipe'), fixture('small.pipe')];
const alphabet = 'abz_019 \n\t{}[](),:..->#/$"\\-+eEkM%@!';
const tokenRe = /"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[kMG]?|\.\.|->|\$\w+|[{}[\](),:]/g;

function mutate(text: string, next: () => number): string {
  const pick = (n: number): number => Math.floor(next() * n);
  const op = pick(7);
  const tokens = op <= 3 ? [] : [...text.matchAll(tokenRe)].map((m) => [m.index, m.index + m[0].length] as const);
  if (op <= 3 || tokens.length < 2) {
    const i = pick(text.length + 1);
    if (op === 0) return text.slice(0, i) + text.slice(i + 1);
    if (op === 1) return text.slice(0, i) + alphabet[pick(alphabet.length)] + text.slice(i);
    if (op === 2) {
      const j = Math.min(text.length, i + 1 + pick(12));
      return text.slice(0, j) + text.slice(i, j) + text.slice(j);
    }
    const j = pick(text.length);
    const [a, b] = i < j ? [i, j] : [j, i];
    if (a === b || b >= text.length) return text;
    return text.slice(0, a) + text[b] + text.slice(a + 1, b) + text[a] + text.slice(b + 1);
  }
  const t = pick(tokens.length);
  const [s, e] = tokens[t]!;
  if (op === 4) return text.slice(0, s) + text.slice(e);
  if (op === 5) return text.slice(0, e) + ' ' + text.slice(s, e) + text.slice(e);
  const u = pick(tokens.length);
  const [s2, e2] = tokens[u]!;
  if (u <= t) return text.slice(0, s2) + text.slice(s, e) + ' ' + text.slice(s2);
  return text.slice(0, s) + text.slice(s2, e2) + text.slice(e, s2) + text.slice(s, e) + text.slice(e2);
}

describe('fuzzing parsePipe with mutated example files', () => {
  it(`survives ${CASES} mutants (seed ${SEED}) within ${PARSE_BOUND_MS} ms each`, () => {
    parsePipe(sources[0]!, 'warm-up.pipe'); // builds the shared parser once, outside the bound
    const next = rng(SEED);
    let total = 0;
    let worst = 0;
    let withErrors = 0;
    let formatted = 0;
    for (let n = 0; n < CASES; n++) {
      let text = sources[n % sources.length]!;
      const edits = 1 + Math.floor(next() * 4);
      for (let k = 0; k < edits; k++) text = mutate(text, next);
      const where = `seed ${SEED}, case ${n}:\n${text}`;

      const t0 = process.cpuUsage();
      let result: ReturnType<typeof parsePipe>;
      try {
        result = parsePipe(text, 'fuzz.pipe');
      } catch (err) {
        throw new Error(`parsePipe threw on ${where}\n${String(err)}`);
      }
      const ms = cpuMs(t0);
      total += ms;
      worst = Math.max(worst, ms);
      if (ms > PARSE_BOUND_MS) throw new Error(`parse took ${ms.toFixed(1)} ms on ${where}`);

      const { ast, diagnostics } = result;
      if (ast.kind !== 'file') throw new Error(`no AST for ${where}`);
      for (const d of diagnostics) {
        if (!/^PW1\d{3}$/.test(d.code) || !isSaneRange(d.range, text.length) || !d.message) {
          throw new Error(`bad diagnostic ${JSON.stringify(d)} for ${where}`);
        }
        if (d.code === 'PW1099') throw new Error(`internal error ${d.message} for ${where}`);
      }
      for (const r of allRanges(ast)) {
        if (!isSaneRange(r, text.length)) throw new Error(`bad AST range ${JSON.stringify(r)} for ${where}`);
      }
      if (diagnostics.length) withErrors++;
      // formatPipe refuses exactly these (format.test.ts checks that); skip the second parse.
      if (diagnostics.some((d) => isSyntaxCode(d.code))) continue;

      const once = formatPipe(text, 'fuzz.pipe');
      if (!once.formatted) throw new Error(`formatter refused a file without syntax errors: ${where}`);
      formatted++;
      const twice = formatPipe(once.text, 'fuzz.pipe');
      if (twice.text !== once.text) throw new Error(`not idempotent on ${where}\n--- once:\n${once.text}\n--- twice:\n${twice.text}`);
      const reparsed = parsePipe(once.text, 'fuzz.pipe').ast;
      // JSON text is a cheap deep comparison; jest's toEqual on thousands of ASTs is not.
      if (JSON.stringify(stripRanges(reparsed)) !== JSON.stringify(stripRanges(ast))) {
        throw new Error(`formatting changed the AST of ${where}\n--- formatted:\n${once.text}`);
      }
      const texts = (f: typeof ast): string => f.comments.map((c) => c.text).join('\n');
      if (texts(reparsed) !== texts(ast)) throw new Error(`formatting lost or reordered comments of ${where}`);
    }
    // The mutants must mostly be broken, or this test proves little; some must still format.
    expect(withErrors).toBeGreaterThan(CASES / 2);
    expect(formatted).toBeGreaterThan(50);
    console.log(`fuzz: ${CASES} cases, ${withErrors} with diagnostics, ${formatted} formatted, parse CPU mean ${(total / CASES).toFixed(2)} ms, worst ${worst.toFixed(1)} ms`);
  });
});
