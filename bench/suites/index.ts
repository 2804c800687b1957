/**
 * Every bench suite, in the order they run. A new suite: a file here exporting a `BenchSuite`,
 * plus a line in this list (and, optionally, a bench/python/<name>.py reference).
 */
import type { BenchSuite } from '../types.js';
import { bayesnetSuite } from './bayesnet.js';
import { cnnSuite } from './cnn.js';
import { ecopSuite } from './ecop.js';
import { compressSuite } from './compress.js';
import { cunetSuite } from './cunet.js';
import { gnnSuite } from './gnn.js';
import { gnnEpochSuite } from './gnn-epoch.js';
import { kineticSuite } from './kinetic.js';
import { matmulSuite } from './matmul.js';
import { mlpSuite } from './mlp.js';
import { queueSuite } from './queue.js';
import { segmentationMemorySuite } from './segmentation-memory.js';
import { sparseSuite } from './sparse.js';
import { verifySuite } from './verify.js';

export const suites: BenchSuite[] = [matmulSuite, mlpSuite, cnnSuite, gnnSuite, gnnEpochSuite, bayesnetSuite, kineticSuite, queueSuite, sparseSuite, compressSuite, verifySuite, cunetSuite, segmentationMemorySuite];
