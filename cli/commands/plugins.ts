/** `pipewright plugins` and `pipewright backends`: what is installed, and what each one takes. */
import { KernelContainer } from '../../kernel/container.js';
import type { Plugin } from '../../kernel/plugin.js';
import { colors, type Io } from '../io.js';

interface OptionInfo {
  name: string;
  type: string;
  default?: unknown;
  required: boolean;
  description?: string;
}

export function describeOptions(p: Plugin): OptionInfo[] {
  const s = p.configSchema as { properties?: Record<string, { type?: unknown; default?: unknown; description?: string; enum?: unknown[] }>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, o]) => ({
    name,
    type: o.enum ? o.enum.map(String).join('|') : Array.isArray(o.type) ? o.type.join('|') : String(o.type ?? 'any'),
    ...(o.default !== undefined ? { default: o.default } : {}),
    required: (s.required ?? []).includes(name),
    ...(o.description ? { description: o.description } : {}),
  }));
}

export function pluginsCommand(o: { json?: boolean; docs?: boolean }, io: Io): number {
  const pc = colors(io);
  const reg = new KernelContainer(io.builtins()).registry;
  const all = reg.all().sort((a, b) => a.plugin.id.localeCompare(b.plugin.id));
  for (const { plugin: p, origin } of all) {
    const info = {
      id: p.id,
      version: p.version,
      kind: p.kind,
      name: p.name,
      origin,
      description: p.description,
      inputs: p.inputs,
      output: p.output,
      options: describeOptions(p),
    };
    if (o.json) {
      io.out(`${JSON.stringify(info)}\n`);
      continue;
    }
    const ins = Object.entries(p.inputs).map(([n, s]) => `${n}: ${s.type}${s.optional ? '?' : ''}${s.multiple ? '[]' : ''}`).join(', ');
    io.out(`${pc.bold(`${p.kind} ${p.name}`)} ${pc.dim(`${p.id}@${p.version}`)} — ${p.description}\n`);
    io.out(`  ports: (${ins}) → ${p.output}\n`);
    for (const opt of info.options) {
      const def = opt.default !== undefined ? ` = ${JSON.stringify(opt.default)}` : opt.required ? ' (required)' : '';
      io.out(`  ${opt.name}: ${opt.type}${def}${opt.description ? pc.dim(`  ${opt.description}`) : ''}\n`);
    }
    if (o.docs && p.docs) io.out(`\n${p.docs}\n`);
    io.out('\n');
  }
  return 0;
}

export async function backendsCommand(o: { json?: boolean }, io: Io): Promise<number> {
  const pc = colors(io);
  const reg = new KernelContainer(io.builtins()).registry;
  for (const b of reg.backends()) {
    const a = await b.probe().catch((e: unknown) => ({ available: false, reason: (e as Error).message, details: undefined }));
    if (o.json) io.out(`${JSON.stringify({ name: b.name, id: b.id, version: b.version, description: b.description, ...a })}\n`);
    else io.out(`${a.available ? pc.green('✓') : pc.red('✗')} ${pc.bold(b.name.padEnd(9))} ${b.description}\n    ${pc.dim(a.reason ?? '')}\n`);
  }
  return 0;
}
