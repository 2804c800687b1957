/**
 * The .pipe grammar as a Chevrotain CstParser (grammar in docs/dsl-reference.md).
 *
 * Error recovery is Chevrotain's (single-token insertion/deletion, re-sync in repetitions and
 * at rule boundaries), steered in three places so that one mistake does not hide the next:
 *  - a map stops reading entries at a line that looks like the next pipeline item
 *    (`KIND PLUGIN {`, `backend x`, ...), so an unclosed `{` ends at its own stage;
 *  - opening brackets are never invented (an invented `{` would swallow the next stage);
 *  - every opening bracket records what it opens, for "expected '}' to close ..." messages.
 */
import { CstParser, tokenMatcher, type CstNode, type IToken, type TokenType } from 'chevrotain';
import {
  allTokens,
  Arrow,
  As,
  Backend,
  Colon,
  Comma,
  DotDot,
  False,
  From,
  Identifier,
  LBracket,
  LCurly,
  LParen,
  Name,
  NumberLit,
  Pipeline,
  RBracket,
  RCurly,
  RParen,
  Seed,
  Str,
  Sweep,
  True,
  Use,
  Variable,
  Version,
} from './lexer.js';
import { createErrorEncoder, type ErrorEncoder } from './chevrotain-errors.js';

const itemKeywords = [Backend, Seed, Sweep, Pipeline, Use, Version];

/**
 * Past this many errors every repetition stops. Besides sparing the reader, it bounds
 * Chevrotain's in-repetition recovery, which recurses once per recovered error.
 */
export const MAX_PARSE_ERRORS = 100;

export class PipeParser extends CstParser {
  /** Start offset of each real opening bracket → what it opens ("the options of stage 'x y'"). */
  openers = new Map<number, string>();

  constructor(private readonly encoder: ErrorEncoder = createErrorEncoder()) {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: encoder });
    this.performSelfAnalysis();
  }

  /** Parses a token vector (comments already split off); the CST may hold recovered nodes. */
  parseTokens(tokens: IToken[]): CstNode {
    this.openers = new Map();
    this.encoder.count = 0;
    this.input = tokens;
    return this.file();
  }

  protected override canTokenTypeBeInsertedInRecovery(tokType: TokenType): boolean {
    return tokType !== LCurly && tokType !== LBracket && tokType !== LParen;
  }

  private noteOpener(token: IToken, what: string | undefined): void {
    if (!Number.isNaN(token.startOffset)) this.openers.set(token.startOffset, what ?? '');
  }

  private underErrorLimit(): boolean {
    return this.encoder.count < MAX_PARSE_ERRORS;
  }

  /** A new line that starts like a pipeline item, not like a `key: value` entry. */
  private atItemStart(): boolean {
    const t1 = this.LA(1);
    const prev = this.LA(0);
    if (prev && t1.startLine === prev.endLine) return false;
    const t2 = this.LA(2);
    if (itemKeywords.some((k) => tokenMatcher(t1, k))) return !tokenMatcher(t2, Colon);
    if (!tokenMatcher(t1, Identifier) || !tokenMatcher(t2, Name)) return false;
    const t3 = this.LA(3);
    return tokenMatcher(t3, As) || tokenMatcher(t3, From) || tokenMatcher(t3, LCurly);
  }

  file = this.RULE('file', () => {
    this.OPTION(() => this.SUBRULE(this.versionDecl));
    this.MANY({ GATE: () => this.underErrorLimit(), DEF: () => this.SUBRULE(this.useDecl) });
    this.MANY2({ GATE: () => this.underErrorLimit(), DEF: () => this.SUBRULE(this.pipeline) });
  });

  versionDecl = this.RULE('versionDecl', () => {
    this.CONSUME(Version);
    this.CONSUME(NumberLit);
  });

  useDecl = this.RULE('useDecl', () => {
    this.CONSUME(Use);
    this.CONSUME(Str);
  });

  pipeline = this.RULE('pipeline', () => {
    this.CONSUME(Pipeline);
    const name = this.CONSUME(Name, { LABEL: 'name' });
    const open = this.CONSUME(LCurly);
    this.ACTION(() => this.noteOpener(open, `pipeline '${name.image}'`));
    this.MANY({ GATE: () => this.underErrorLimit(), DEF: () => this.SUBRULE(this.item) });
    this.CONSUME(RCurly);
  });

  item = this.RULE('item', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.backendDecl) },
      { ALT: () => this.SUBRULE(this.seedDecl) },
      { ALT: () => this.SUBRULE(this.sweepDecl) },
      { ALT: () => this.SUBRULE(this.stage) },
    ]);
  });

  /** A plain identifier (not a keyword, so `backend` alone on a line is an error) or a string. */
  backendDecl = this.RULE('backendDecl', () => {
    this.CONSUME(Backend);
    this.OR([
      { ALT: () => this.CONSUME(Identifier, { LABEL: 'name' }) },
      { ALT: () => this.CONSUME(Str, { LABEL: 'name' }) },
    ]);
  });

  seedDecl = this.RULE('seedDecl', () => {
    this.CONSUME(Seed);
    this.CONSUME(NumberLit);
  });

  sweepDecl = this.RULE('sweepDecl', () => {
    this.CONSUME(Sweep);
    this.SUBRULE(this.map, { ARGS: ['the sweep block'] });
  });

  stage = this.RULE('stage', () => {
    const kind = this.CONSUME(Identifier, { LABEL: 'kind' });
    const plugin = this.CONSUME(Name, { LABEL: 'plugin' });
    this.OPTION(() => {
      this.CONSUME(As);
      this.CONSUME2(Name, { LABEL: 'alias' });
    });
    this.OPTION2(() => {
      this.CONSUME(From);
      this.CONSUME3(Name, { LABEL: 'from' });
      this.MANY(() => {
        this.CONSUME(Comma);
        this.CONSUME4(Name, { LABEL: 'from' });
      });
    });
    const what = this.ACTION(() => `the options of stage '${kind.image} ${plugin.image}'`);
    this.SUBRULE(this.map, { ARGS: [what] });
  });

  map = this.RULE('map', (what?: string) => {
    const open = this.CONSUME(LCurly);
    this.ACTION(() => this.noteOpener(open, what ?? 'the map'));
    this.MANY({
      GATE: () => this.underErrorLimit() && !this.atItemStart(),
      DEF: () => {
        this.SUBRULE(this.entry);
        this.OPTION(() => this.CONSUME(Comma));
      },
    });
    this.CONSUME(RCurly);
  });

  entry = this.RULE('entry', () => {
    const key = this.CONSUME(Name, { LABEL: 'key' });
    this.CONSUME(Colon);
    this.SUBRULE(this.value, { ARGS: [this.ACTION(() => key.image)] });
  });

  value = this.RULE('value', (owner?: string) => {
    this.SUBRULE(this.primary, { ARGS: [owner], LABEL: 'from' });
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(DotDot, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(Arrow, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.primary, { LABEL: 'to' });
    });
  });

  primary = this.RULE('primary', (owner?: string) => {
    this.OR([
      { ALT: () => this.CONSUME(NumberLit) },
      { ALT: () => this.CONSUME(Str) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.CONSUME(Variable) },
      { ALT: () => this.SUBRULE(this.nameValue) },
      { ALT: () => this.SUBRULE(this.list, { ARGS: [owner] }) },
      {
        ALT: () =>
          this.SUBRULE(this.map, { ARGS: [this.ACTION(() => (owner ? `the map of '${owner}'` : undefined))] }),
      },
    ]);
  });

  /** An identifier value (`relu`) or a call (`cosine(0.3 -> 0.0)`). */
  nameValue = this.RULE('nameValue', () => {
    const name = this.CONSUME(Name, { LABEL: 'name' });
    this.OPTION(() => {
      const open = this.CONSUME(LParen);
      this.ACTION(() => this.noteOpener(open, `the arguments of '${name.image}'`));
      this.OPTION2(() => {
        this.SUBRULE(this.arg);
        this.MANY({
          GATE: () => this.underErrorLimit(),
          DEF: () => {
            this.CONSUME(Comma);
            this.SUBRULE2(this.arg);
          },
        });
        this.OPTION3(() => this.CONSUME2(Comma));
      });
      this.CONSUME(RParen);
    });
  });

  arg = this.RULE('arg', () => {
    this.OPTION(() => {
      this.CONSUME(Name, { LABEL: 'name' });
      this.CONSUME(Colon);
    });
    this.SUBRULE(this.value);
  });

  list = this.RULE('list', (owner?: string) => {
    const open = this.CONSUME(LBracket);
    this.ACTION(() => this.noteOpener(open, owner ? `the list of '${owner}'` : 'the list'));
    this.OPTION(() => {
      this.SUBRULE(this.value);
      this.MANY({
        GATE: () => this.underErrorLimit(),
        DEF: () => {
          this.CONSUME(Comma);
          this.SUBRULE2(this.value);
        },
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RBracket);
  });
}

let shared: PipeParser | undefined;

/** One parser per process: `performSelfAnalysis` is the expensive part of making one. */
export function pipeParser(): PipeParser {
  shared ??= new PipeParser();
  return shared;
}
