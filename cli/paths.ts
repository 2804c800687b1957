/** Where pipewright keeps what it makes: cache, run history and reports (default ./.pipewright). */
import { basename, join, resolve } from 'node:path';

export function homeDir(opt?: string): string {
  return resolve(opt ?? process.env.PIPEWRIGHT_HOME ?? '.pipewright');
}

export function cacheDir(home: string): string {
  return join(home, 'cache');
}

export function defaultReportPath(home: string, file: string): string {
  return join(home, 'reports', `${basename(file).replace(/\.pipe$/, '')}.html`);
}
