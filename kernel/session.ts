/**
 * The front door used by the CLI, watch mode and tests: read a .pipe file, parse it, load its
 * `use` plugins into a fresh container beside the built-ins, and link it into a Plan — moving the
 * document through its phases (read → parsed → linked) and collecting every diagnostic.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parsePipe } from '../dsl/parse.js';
import type { PipeFile } from '../dsl/ast.js';
import { hasErrors, UNKNOWN_RANGE, type Diagnostic } from '../dsl/diagnostics.js';
import { KernelContainer, type PluginSource } from './container.js';
import { loadUse } from './loader.js';
import { link } from './link/link.js';
import type { Plan } from './plan.js';
import { KernelCodes } from './codes.js';
import { DuplicatePluginError } from './registry.js';

const LOCAL_CODES = new Set<string>([
  KernelCodes.unknownStageKind,
  KernelCodes.unknownPlugin,
  KernelCodes.unknownOption,
  KernelCodes.invalidOption,
  KernelCodes.missingOption,
  KernelCodes.unknownBackend,
]);

export type Phase = 'read' | 'parsed' | 'loaded' | 'linked';

export interface Prepared {
  file: string;
  phase: Phase;
  ast?: PipeFile;
  plan?: Plan;
  kernel?: KernelContainer;
  diagnostics: Diagnostic[];
}

export interface PrepareOptions {
  builtins: PluginSource[];
  pipeline?: string;
  /** Source text to use instead of reading the file (editor buffers, tests). */
  text?: string;
}

export async function preparePipe(file: string, opts: PrepareOptions): Promise<Prepared> {
  const diagnostics: Diagnostic[] = [];
  let text = opts.text;
  if (text === undefined) {
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      diagnostics.push({ severity: 'error', code: KernelCodes.fileNotFound, message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file, range: UNKNOWN_RANGE });
      return { file, phase: 'read', diagnostics };
    }
  }
  const { ast, diagnostics: parseDiags } = parsePipe(text, file);
  diagnostics.push(...parseDiags);
  const baseDir = dirname(resolve(file));
  const sources = [...opts.builtins];
  for (const u of ast.uses) {
    const src = await loadUse(u, baseDir, file, diagnostics);
    if (src) sources.push(src);
  }
  let kernel: KernelContainer;
  try {
    kernel = new KernelContainer(sources);
    void kernel.registry; // builds it now, so duplicate ids are reported here
  } catch (e) {
    if (!(e instanceof DuplicatePluginError)) throw e;
    diagnostics.push({ severity: 'error', code: KernelCodes.duplicatePlugin, message: e.message, file, range: ast.uses[0]?.range ?? UNKNOWN_RANGE });
    return { file, phase: 'parsed', ast, diagnostics };
  }
  const { plan, diagnostics: linkDiags } = link(ast, { registry: kernel.registry, baseDir, pipeline: opts.pipeline });
  // With syntax errors the AST is partial: keep only the checks local to one stage, since
  // port and cycle errors there would mostly echo the parse errors.
  diagnostics.push(...(hasErrors(parseDiags) ? linkDiags.filter((d) => LOCAL_CODES.has(d.code)) : linkDiags));
  // Reported in source order, as a reader meets them (sort is stable for equal positions).
  diagnostics.sort((a, b) => (a.file === b.file ? a.range.start.offset - b.range.start.offset : 0));
  return { file, phase: 'linked', ast, plan: hasErrors(diagnostics) ? undefined : plan, kernel, diagnostics };
}
