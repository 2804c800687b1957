/** Runs the CLI in-process with captured output and the toy plugins. */
import { main } from '../../cli/main.js';
import type { Io } from '../../cli/io.js';
import type { PluginSource } from '../../kernel/container.js';
import { toySources } from '../kernel/toy-plugins.js';

export async function cli(args: string[], o: { builtins?: PluginSource[] } = {}) {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false, builtins: () => o.builtins ?? toySources };
  const code = await main(['node', 'pipewright', ...args], io);
  return { code, out, err, lines: out.split('\n').filter(Boolean) };
}
