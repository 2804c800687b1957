/**
 * Loads third-party plugins named by `use "..."`: a relative or absolute path (resolved from the
 * .pipe file's folder) or an npm package name (resolved from that folder, then from cwd). The
 * module's default export or its `plugins` export may be one plugin or a list. Every plugin is
 * checked for shape and apiVersion before it can register.
 */
import { createRequire } from 'node:module';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { UseDecl } from '../dsl/ast.js';
import type { Diagnostic } from '../dsl/diagnostics.js';
import { API_VERSION, type Plugin } from './plugin.js';
import type { BackendPlugin } from './backend.js';
import { KernelCodes } from './codes.js';
import type { PluginSource } from './container.js';

function resolveTarget(target: string, baseDir: string): string | undefined {
  if (target.startsWith('.') || isAbsolute(target)) {
    const p = resolve(baseDir, target);
    if (!existsSync(p)) return undefined;
    if (statSync(p).isDirectory()) {
      // A folder is a package: honour its package.json entry through require.resolve.
      try {
        return createRequire(join(p, 'noop.js')).resolve(p);
      } catch {
        for (const f of ['index.js', 'index.mjs']) if (existsSync(join(p, f))) return join(p, f);
        return undefined;
      }
    }
    return p;
  }
  for (const from of [join(baseDir, 'noop.js'), join(process.cwd(), 'noop.js')]) {
    try {
      return createRequire(from).resolve(target);
    } catch {
      /* try the next root */
    }
  }
  return undefined;
}

function collect(mod: Record<string, unknown>): unknown[] {
  const picks = [mod.default, mod.plugins, (mod.default as { plugins?: unknown } | undefined)?.plugins];
  for (const p of picks) {
    if (Array.isArray(p)) return p;
    if (p && typeof p === 'object' && 'id' in p) return [p];
  }
  return [];
}

export async function loadUse(use: UseDecl, baseDir: string, file: string, diags: Diagnostic[]): Promise<PluginSource | undefined> {
  const at = { severity: 'error' as const, file, range: use.range };
  const path = resolveTarget(use.target, baseDir);
  if (!path) {
    diags.push({ ...at, code: KernelCodes.useNotFound, message: `cannot find plugin package '${use.target}'`, hint: use.target.startsWith('.') ? `no such file or folder relative to ${baseDir}` : `install it: npm install ${use.target}` });
    return undefined;
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    diags.push({ ...at, code: KernelCodes.badPluginModule, message: `plugin package '${use.target}' failed to load: ${(e as Error).message}` });
    return undefined;
  }
  const found = collect(mod);
  if (!found.length) {
    diags.push({ ...at, code: KernelCodes.badPluginModule, message: `'${use.target}' exports no plugin`, hint: 'export default a plugin made with definePlugin, or `export const plugins = [...]`' });
    return undefined;
  }
  const plugins: Plugin[] = [];
  const backends: BackendPlugin[] = [];
  for (const p of found as Partial<Plugin & BackendPlugin>[]) {
    const id = String(p.id ?? '(no id)');
    if (p.apiVersion !== API_VERSION) {
      diags.push({ ...at, code: KernelCodes.apiVersionMismatch, message: `plugin '${id}' from '${use.target}' was built for plugin API ${String(p.apiVersion)}, but this pipewright speaks API ${API_VERSION}`, hint: `use a version of the plugin built for API ${API_VERSION}, or a pipewright that speaks API ${String(p.apiVersion)}` });
      continue;
    }
    if (p.kind === 'backend' && typeof p.activate === 'function') {
      backends.push(p as BackendPlugin);
      continue;
    }
    const problems = shapeProblems(p);
    if (problems.length) {
      diags.push({ ...at, code: KernelCodes.badPluginModule, message: `plugin '${id}' from '${use.target}' is malformed: ${problems.join('; ')}` });
      continue;
    }
    plugins.push(p as Plugin);
  }
  return { origin: use.target, plugins, backends };
}

function shapeProblems(p: Partial<Plugin>): string[] {
  const out: string[] = [];
  if (typeof p.id !== 'string' || !/^[a-z_][\w-]*\/[a-z_][\w-]*$/i.test(p.id)) out.push("id must be 'kind/name'");
  if (typeof p.kind !== 'string') out.push('kind missing');
  if (typeof p.name !== 'string') out.push('name missing');
  if (typeof p.version !== 'string') out.push('version missing');
  if (typeof p.run !== 'function') out.push('run() missing');
  if (!p.configSchema || typeof p.configSchema !== 'object') out.push('configSchema missing');
  if (!p.inputs || typeof p.inputs !== 'object') out.push('inputs missing');
  if (typeof p.output !== 'string') out.push('output type missing');
  return out;
}
