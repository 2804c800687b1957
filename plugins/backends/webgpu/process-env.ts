/**
 * Sets variables in the real process environment, the one native drivers read with getenv()
 * (Mesa reads EGL_PLATFORM when Dawn opens its EGL display). Assigning `process.env` is not
 * always enough: a sandbox such as jest's gives code a copy of `process.env`, and writes to the
 * copy never reach the C environment. A worker thread started with SHARE_ENV writes to the
 * real one; it runs only when a variable is missing, once per process.
 */
import { SHARE_ENV, Worker } from 'node:worker_threads';

const SET_MISSING = `
const { workerData } = require('node:worker_threads');
for (const [k, v] of Object.entries(workerData)) if (process.env[k] === undefined) process.env[k] = v;
`;

export async function setProcessEnvDefaults(vars: Record<string, string>): Promise<void> {
  const missing = Object.fromEntries(Object.entries(vars).filter(([k]) => process.env[k] === undefined));
  if (Object.keys(missing).length === 0) return;
  Object.assign(process.env, missing);
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker(SET_MISSING, { eval: true, env: SHARE_ENV, workerData: missing });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`env worker exited with ${code}`))));
  });
}
