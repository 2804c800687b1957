/**
 * The `pipewright` command. Each subcommand lives in cli/commands/; this file only wires them.
 * Exit codes: 0 ok, 1 diagnostics or a failed run, 2 usage error, 130 cancelled.
 */
import { Command, CommanderError } from 'commander';
import { processIo, type Io } from './io.js';
import { runCommand } from './commands/run.js';
import { checkCommand } from './commands/check.js';
import { watchCommand } from './commands/watch.js';
import { pluginsCommand, backendsCommand } from './commands/plugins.js';
import { cacheCleanCommand } from './commands/cache.js';
import { fmtCommand } from './commands/fmt.js';
import { newPluginCommand } from './commands/new-plugin.js';
import { defineWorkerCommand } from './commands/worker.js';
import { defineStatusCommand } from './commands/status.js';

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const program = new Command('pipewright')
    .description('Run declarative ML research pipelines (.pipe files)')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  const set = async (p: Promise<number> | number): Promise<void> => {
    code = await p;
  };

  program
    .command('run')
    .argument('<file>', '.pipe file')
    .option('--json', 'one JSON object per kernel event, per line')
    .option('--no-cache', 'recompute every stage (results are still stored)')
    .option('-p, --pipeline <name>', 'run only this pipeline of the file')
    .option('--executor <name>', 'where to run: local (default) or queue')
    .option('--redis <url>', 'Redis of the queue executor, redis://HOST:PORT (implies --executor queue)')
    .option('--queue <name>', 'queue name for --executor queue (default pipewright)')
    .option('--plugins <modules>', 'extra plugin modules or packages, comma-separated')
    .option('--home <dir>', 'cache/report folder (default ./.pipewright or $PIPEWRIGHT_HOME)')
    .description('run a pipeline file')
    .action((file: string, o) => set(runCommand(file, o, io)));
  program
    .command('check')
    .argument('<file>')
    .option('--json', 'diagnostics as JSON lines')
    .option('-p, --pipeline <name>')
    .description('parse, link and validate without running')
    .action((file: string, o) => set(checkCommand(file, o, io)));
  program
    .command('watch')
    .argument('<file>')
    .option('--json')
    .option('--no-cache')
    .option('-p, --pipeline <name>')
    .option('--home <dir>')
    .description('run, then re-run on every save')
    .action((file: string, o) => set(watchCommand(file, o, io)));
  program
    .command('plugins')
    .option('--json')
    .option('--docs', 'print each plugin’s documentation')
    .description('list installed plugins, their ports and options')
    .action((o) => set(pluginsCommand(o, io)));
  program
    .command('backends')
    .option('--json')
    .description('list tensor backends and whether each is available here')
    .action((o) => set(backendsCommand(o, io)));
  program
    .command('new-plugin')
    .argument('<name>', 'plugin name, e.g. param_count')
    .option('--kind <kind>', 'stage kind (default evaluate)')
    .option('--dir <dir>', 'target folder (default ./pipewright-plugin-NAME)')
    .description('scaffold a third-party plugin package with a passing test')
    .action((name: string, o) => set(newPluginCommand(name, o, io)));
  program
    .command('fmt')
    .argument('<files...>')
    .option('-w, --write', 'rewrite the files in place')
    .option('--check', 'exit 1 if a file is not formatted')
    .description('format .pipe files (comments kept)')
    .action((files: string[], o) => set(fmtCommand(files, o, io)));
  defineWorkerCommand(program, io, set);
  defineStatusCommand(program, io, set);
  const cache = program.command('cache').description('manage the stage cache');
  cache
    .command('clean')
    .option('--home <dir>')
    .description('remove every cache entry')
    .action((o) => set(cacheCleanCommand(o, io)));

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return code;
}
