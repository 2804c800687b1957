import { formatDiagnostic } from '../../../dsl/diagnostics.js';
import { BIF_CODES, checkBif, parameterCount, parseBif } from '../../../lib/bayesnet/index.js';
import { readShared } from './helpers.js';

describe('BIF reader: the shared repository networks', () => {
  // Node / arc / CPT-entry counts from ../shared/data/bif/PROVENANCE.md (computed there with an
  // independent regex reader, and matching the bnlearn repository's listing).
  const expected: Record<string, [number, number, number]> = {
    asia: [8, 8, 36],
    child: [20, 25, 344],
    insurance: [27, 52, 1419], // CRLF line endings
    win95pts: [76, 112, 1148],
    andes: [223, 338, 2314],
    covid_bn: [18, 18, 148],
    bn_pgm_free2: [21, 20, 183],
    water: [32, 66, 13484],
    alarm: [37, 46, 752],
    hailfinder: [56, 66, 3741],
    pathfinder: [109, 195, 97851],
  };
  it.each(Object.entries(expected))('%s has the documented size and every row sums to 1', (name, [nodes, arcs, params]) => {
    const net = readShared(name);
    expect(net.variables.length).toBe(nodes);
    expect(net.variables.reduce((n, v) => n + v.parents.length, 0)).toBe(arcs);
    expect(parameterCount(net)).toBe(params);
    let worst = 0;
    for (const v of net.variables) {
      const card = v.states.length;
      for (let r = 0; r < v.cpt.length / card; r++) {
        let s = 0;
        for (let x = 0; x < card; x++) s += v.cpt[r * card + x]!;
        worst = Math.max(worst, Math.abs(s - 1));
      }
    }
    expect(worst).toBeLessThan(1e-14); // rows are normalised on read
  });

  it('stores CPTs row-major over [parents..., child]', () => {
    const asia = readShared('asia');
    const either = asia.variables.find((v) => v.name === 'either')!;
    expect(either.parents.map((p) => asia.variables[p]!.name)).toEqual(['lung', 'tub']);
    // `(no, yes) 1.0, 0.0;` is lung=no (1), tub=yes (0): row 1·2 + 0 = 2.
    expect(Array.from(either.cpt.subarray(4, 6))).toEqual([1, 0]);
    expect(Array.from(either.cpt.subarray(6, 8))).toEqual([0, 1]);
    const dysp = asia.variables.find((v) => v.name === 'dysp')!;
    // (no, yes) 0.7, 0.3 → bronc=no, either=yes → row 2
    expect(Array.from(dysp.cpt.subarray(4, 6))).toEqual([0.7, 0.3]);
  });
});

describe('BIF reader: syntax forms', () => {
  it('reads conditional `table` (child slowest), `default`, properties, comments, quotes, no commas', () => {
    const text = `// the dog problem, JavaBayes style
network "Dog-Problem" { property "credits = someone"; }
variable "family-out" { type discrete [ 2 ] { true false }; property "position = (1, 2)"; }
variable "light-on" { type discrete[2] { true, false }; }
variable hear { type discrete [3] { a, b, c }; }
/* a block
   comment */
probability ( "family-out" ) { table .15 .85 ; }
probability ( "light-on" | "family-out" ) { table 0.6 0.05 0.4 0.95 ; }
probability ( hear | "light-on" ) {
  (true) 0.2, 0.3, 0.5;
  default 0.1 0.1 0.8;
}`;
    const net = parseBif(text, 'dog.bif');
    expect(net.name).toBe('Dog-Problem');
    expect(net.properties).toEqual(['"credits = someone"']);
    expect(net.variables[0]!.properties).toEqual(['"position = (1, 2)"']);
    const light = net.variables[1]!;
    // P(light-on = true | family-out = true) = 0.6, (| false) = 0.05
    expect(Array.from(light.cpt)).toEqual([0.6, 0.4, 0.05, 0.95]);
    expect(Array.from(net.variables[2]!.cpt)).toEqual([0.2, 0.3, 0.5, 0.1, 0.1, 0.8]);
    expect(Array.from(net.variables[0]!.cpt)).toEqual([0.15, 0.85]);
  });

  it('accepts state names that are not identifiers', () => {
    const net = parseBif(
      `variable A { type discrete [ 4 ] { <5, >=7.5, Asy/Patch, 0_5_MG_L }; }
       probability ( A ) { table 0.25, 0.25, 0.25, 0.25; }`,
      'x.bif',
    );
    expect(net.variables[0]!.states).toEqual(['<5', '>=7.5', 'Asy/Patch', '0_5_MG_L']);
  });
});

describe('BIF reader: diagnostics with FILE:LINE:COL', () => {
  const head = `network n { }
variable A { type discrete [ 2 ] { yes, no }; }
variable B { type discrete [ 2 ] { yes, no }; }
`;
  // [what, body, code, line, column]; lines count from the top of head + body.
  const cases: [string, string, string, number, number][] = [
    ['unknown parent', 'probability ( A ) { table 0.5, 0.5; }\nprobability ( B | Ax ) { (yes) 0.5, 0.5; (no) 0.5, 0.5; }', BIF_CODES.unknownVariable, 5, 19],
    ['unknown state in a row', 'probability ( A ) { table 0.5, 0.5; }\nprobability ( B | A ) {\n  (yse) 0.5, 0.5;\n  (no) 0.5, 0.5;\n}', BIF_CODES.unknownState, 6, 4],
    ['row of the wrong length', 'probability ( A ) { table 0.5, 0.5, 0.0; }\nprobability ( B ) { table 0.5, 0.5; }', BIF_CODES.wrongLength, 4, 27],
    ['row not summing to 1', 'probability ( A ) { table 0.5, 0.6; }\nprobability ( B ) { table 0.5, 0.5; }', BIF_CODES.rowSum, 4, 21],
    ['cycle', 'probability ( A | B ) { (yes) 0.5, 0.5; (no) 0.5, 0.5; }\nprobability ( B | A ) { (yes) 0.5, 0.5; (no) 0.5, 0.5; }', BIF_CODES.cycle, 4, 15],
    ['missing probability block', 'probability ( A ) { table 0.5, 0.5; }', BIF_CODES.missingProbability, 3, 10],
    ['missing row, no default', 'probability ( A ) { table 0.5, 0.5; }\nprobability ( B | A ) { (yes) 0.5, 0.5; }', BIF_CODES.missingRow, 5, 1],
    ['probability out of range', 'probability ( A ) { table 1.5, -0.5; }\nprobability ( B ) { table 0.5, 0.5; }', BIF_CODES.badNumber, 4, 27],
    ['syntax error', 'probability ( A ) { table 0.5, 0.5 }\nprobability ( B ) { table 0.5, 0.5; }', BIF_CODES.syntax, 4, 36],
    ['unterminated quote', 'probability ( "A ) { table 0.5, 0.5; }', BIF_CODES.lex, 4, 15],
  ];
  it.each(cases)('%s', (_what, body, code, line, column) => {
    const { net, diagnostics } = checkBif(head + body, 'net.bif');
    expect(net).toBeUndefined();
    const d = diagnostics.find((x) => x.code === code);
    expect(d).toBeDefined();
    expect([d!.range.start.line, d!.range.start.column]).toEqual([line, column]);
    expect(formatDiagnostic(d!)).toMatch(new RegExp(`^net\\.bif:${line}:${column}: error ${code}: `));
  });

  it('suggests the nearest name for an unknown variable or state', () => {
    const { diagnostics } = checkBif(head + 'probability ( A ) { table 0.5, 0.5; }\nprobability ( B | Ax ) { (yes) 0.5, 0.5; (no) 0.5, 0.5; }', 'n.bif');
    expect(diagnostics[0]!.hint).toBe("did you mean 'A'?");
    const s = checkBif(head + 'probability ( A ) { table 0.5, 0.5; }\nprobability ( B | A ) { (yse) 0.5, 0.5; (no) 0.5, 0.5; }', 'n.bif');
    expect(s.diagnostics[0]!.hint).toBe("did you mean 'yes'?");
  });

  it('names the variables of a cycle and reports several problems at once', () => {
    const { diagnostics } = checkBif(head + 'probability ( A | B ) { (yes) 0.5, 0.5; (no) 0.5, 0.5; }\nprobability ( B | A ) { (yes) 0.5, 0.7; (no) 0.5, 0.5; }', 'n.bif');
    expect(diagnostics.map((d) => d.code).sort()).toEqual([BIF_CODES.rowSum, BIF_CODES.cycle].sort());
    expect(diagnostics.find((d) => d.code === BIF_CODES.cycle)!.message).toMatch(/A → B → A|B → A → B/);
  });

  it('honours the row-sum tolerance', () => {
    const text = head + 'probability ( A ) { table 0.5, 0.5001; }\nprobability ( B ) { table 0.5, 0.5; }';
    expect(checkBif(text, 'n.bif').net).toBeUndefined();
    const net = checkBif(text, 'n.bif', { sumTolerance: 1e-3 }).net!;
    expect(net.variables[0]!.cpt[0]! + net.variables[0]!.cpt[1]!).toBeCloseTo(1, 15);
    expect(checkBif(text, 'n.bif', { sumTolerance: 1e-3, normalize: false }).net!.variables[0]!.cpt[1]).toBe(0.5001);
  });
});
