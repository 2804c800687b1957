/**
 * BIF grammar (Chevrotain, embedded actions) → a raw document that keeps every name's and
 * number's source span. Meaning (sizes, sums, cycles) is checked later in bif-build.ts.
 *
 *   document    := (network | variable | probability)*
 *   network     := 'network' name? '{' property* '}'
 *   variable    := 'variable' name '{' (property | 'type' 'discrete' '[' n ']' '{' names '}' ';')* '}'
 *   probability := 'probability' '(' name ('|')? names? ')' '{' entry* '}'
 *   entry       := property | 'table' numbers ';' | 'default' numbers ';' | '(' names ')' numbers ';'
 *
 * Commas between names and numbers are optional, as the BIF 0.15 description allows.
 */
import { EmbeddedActionsParser, type IToken, type TokenType } from 'chevrotain';
import * as T from './bif-lexer.js';
import { BIF_CODES, diagnosticFactory, type Span } from './bif-codes.js';
import type { Diagnostic } from '../../dsl/diagnostics.js';

export interface Named {
  name: string;
  span: Span;
}
export interface NumberList {
  values: number[];
  spans: Span[];
  /** From the first number to the `;`. */
  span: Span;
}
export interface VariableDecl extends Named {
  states: Named[];
  declaredCount?: { value: number; span: Span };
  properties: string[];
}
export interface ProbabilityEntry {
  kind: 'table' | 'default' | 'row';
  /** Parent states of a `row` entry. */
  condition: Named[];
  numbers: NumberList;
  span: Span;
}
export interface ProbabilityDecl {
  child: Named;
  parents: Named[];
  entries: ProbabilityEntry[];
  span: Span;
}
export interface BifDocument {
  name: string;
  properties: string[];
  variables: VariableDecl[];
  probabilities: ProbabilityDecl[];
}

function spanOf(tok: IToken, last: IToken = tok): Span {
  // Tokens inserted by error recovery have no position; such a document is never built.
  const start = Number.isFinite(tok.startOffset) ? tok.startOffset : 0;
  const endTok = Number.isFinite(last.endOffset) ? last.endOffset! : start;
  return { start, end: endTok + 1 };
}

function unquote(image: string): string {
  return image.startsWith('"') ? image.slice(1, -1) : image;
}

function propertyText(image: string): string {
  return image.replace(/^property\s*/i, '').replace(/\s*;$/, '');
}

class BifParser extends EmbeddedActionsParser {
  constructor() {
    super(T.BIF_TOKENS, { recoveryEnabled: true, maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  private readonly nameToken = this.RULE('nameToken', (): IToken => {
    const alts: TokenType[] = [T.Word, T.NumberLit, T.QuotedName, ...T.KEYWORDS];
    return this.OR(alts.map((tt) => ({ ALT: () => this.CONSUME(tt) })));
  });

  private readonly name = this.RULE('name', (): Named => {
    const tok = this.SUBRULE(this.nameToken);
    return { name: unquote(tok.image ?? ''), span: spanOf(tok) };
  });

  private readonly names = this.RULE('names', (): Named[] => {
    const out: Named[] = [];
    out.push(this.SUBRULE(this.name));
    this.MANY(() => {
      this.OPTION(() => this.CONSUME(T.Comma));
      out.push(this.SUBRULE2(this.name));
    });
    return out;
  });

  private readonly numbers = this.RULE('numbers', (): NumberList => {
    const values: number[] = [];
    const spans: Span[] = [];
    const push = (tok: IToken) => {
      values.push(Number(tok.image));
      spans.push(spanOf(tok));
    };
    this.MANY(() => {
      push(this.CONSUME(T.NumberLit));
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    const semi = this.CONSUME(T.Semi);
    const start = spans[0]?.start ?? spanOf(semi).start;
    return { values, spans, span: { start, end: spanOf(semi).end } };
  });

  private readonly network = this.RULE('network', () => {
    this.CONSUME(T.Network);
    const name = this.OPTION(() => this.SUBRULE(this.name));
    this.CONSUME(T.LCurly);
    const props: string[] = [];
    this.MANY(() => props.push(propertyText(this.CONSUME(T.Property).image)));
    this.CONSUME(T.RCurly);
    return { name: name?.name ?? 'unknown', props };
  });

  private readonly variable = this.RULE('variable', (): VariableDecl => {
    this.CONSUME(T.Variable);
    const head = this.SUBRULE(this.name);
    const decl: VariableDecl = { ...head, states: [], properties: [] };
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => decl.properties.push(propertyText(this.CONSUME(T.Property).image)) },
        {
          ALT: () => {
            this.CONSUME(T.Type);
            this.CONSUME(T.Discrete);
            this.CONSUME(T.LSquare);
            const n = this.CONSUME2(T.NumberLit);
            this.CONSUME(T.RSquare);
            this.CONSUME2(T.LCurly);
            decl.states = this.SUBRULE(this.names);
            this.CONSUME(T.RCurly);
            this.CONSUME(T.Semi);
            decl.declaredCount = { value: Number(n.image), span: spanOf(n) };
          },
        },
      ]);
    });
    this.CONSUME2(T.RCurly);
    return decl;
  });

  private readonly entry = this.RULE('entry', (): ProbabilityEntry | undefined => {
    return this.OR([
      { ALT: () => (this.CONSUME(T.Property), undefined) },
      {
        ALT: () => {
          const kw = this.CONSUME(T.Table);
          const numbers = this.SUBRULE(this.numbers);
          return this.ACTION(() => ({ kind: 'table' as const, condition: [], numbers, span: { start: spanOf(kw).start, end: numbers.span.end } }));
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(T.Default);
          const numbers = this.SUBRULE2(this.numbers);
          return this.ACTION(() => ({ kind: 'default' as const, condition: [], numbers, span: { start: spanOf(kw).start, end: numbers.span.end } }));
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const condition = this.SUBRULE(this.names);
          this.CONSUME(T.RParen);
          const numbers = this.SUBRULE3(this.numbers);
          return this.ACTION(() => ({ kind: 'row' as const, condition, numbers, span: { start: spanOf(open).start, end: numbers.span.end } }));
        },
      },
    ]);
  });

  private readonly probability = this.RULE('probability', (): ProbabilityDecl => {
    const kw = this.CONSUME(T.Probability);
    this.CONSUME(T.LParen);
    const child = this.SUBRULE(this.name);
    this.OPTION(() => this.CONSUME(T.Pipe));
    const parents = this.OPTION2(() => this.SUBRULE(this.names)) ?? [];
    this.CONSUME(T.RParen);
    this.CONSUME(T.LCurly);
    const entries: ProbabilityEntry[] = [];
    this.MANY(() => {
      const e = this.SUBRULE(this.entry);
      if (e) entries.push(e);
    });
    const close = this.CONSUME(T.RCurly);
    return { child, parents, entries, span: spanOf(kw, close) };
  });

  readonly document = this.RULE('document', (): BifDocument => {
    const doc: BifDocument = { name: 'unknown', properties: [], variables: [], probabilities: [] };
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const n = this.SUBRULE(this.network);
            this.ACTION(() => {
              doc.name = n.name;
              doc.properties.push(...n.props);
            });
          },
        },
        { ALT: () => doc.variables.push(this.SUBRULE(this.variable)) },
        { ALT: () => doc.probabilities.push(this.SUBRULE(this.probability)) },
      ]);
    });
    return doc;
  });
}

let parserInstance: BifParser | undefined;

/** Lexes and parses; returns the document and every lexing/syntax diagnostic. */
export function parseBifDocument(
  text: string,
  file: string,
): { doc: BifDocument; diagnostics: Diagnostic[] } {
  const diag = diagnosticFactory(text, file);
  const lexed = T.bifLexer.tokenize(text);
  const diagnostics: Diagnostic[] = lexed.errors.map((e) =>
    diag(BIF_CODES.lex, { start: e.offset, end: e.offset + e.length }, `unexpected character '${text.slice(e.offset, e.offset + Math.min(e.length, 20))}'`),
  );
  parserInstance ??= new BifParser();
  const parser = parserInstance;
  parser.input = lexed.tokens;
  const doc = parser.document();
  for (const e of parser.errors) {
    const tok = e.token;
    const at = Number.isFinite(tok.startOffset) ? spanOf(tok) : { start: text.length, end: text.length };
    const found = tok.tokenType?.name === 'EOF' ? 'end of file' : `'${tok.image}'`;
    diagnostics.push(diag(BIF_CODES.syntax, at, `${firstLine(e.message)} (found ${found})`));
  }
  return { doc, diagnostics };
}

function firstLine(msg: string): string {
  return msg.split('\n')[0]!.replace(/\s*but found\b.*$/, '');
}
