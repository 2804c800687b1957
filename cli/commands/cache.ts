/** `pipewright cache clean`: removes every cache entry (reports and history are kept). */
import { StageCache } from '../../kernel/cache.js';
import type { Io } from '../io.js';
import { cacheDir, homeDir } from '../paths.js';

export async function cacheCleanCommand(o: { home?: string }, io: Io): Promise<number> {
  const dir = cacheDir(homeDir(o.home));
  const n = await new StageCache(dir).clean();
  io.out(`removed ${n} cache entr${n === 1 ? 'y' : 'ies'} from ${dir}\n`);
  return 0;
}
