/**
 * Lib code reports a bad option as an OptionValueError (a message and the path inside the
 * option); a plugin turns it into a diagnostic at the option's place in the .pipe file.
 */
import type { PluginContext } from '../kernel/plugin.js';
import { OptionValueError } from '../lib/nn/index.js';

/** Runs `f`; an OptionValueError becomes a diagnostic at `prefix + its path`. */
export function configured<T>(ctx: PluginContext, f: () => T, prefix: (string | number)[] = []): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof OptionValueError) ctx.configError([...prefix, ...e.path], e.message, e.hint);
    throw e;
  }
}
