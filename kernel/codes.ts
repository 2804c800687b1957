/**
 * The kernel's error catalogue: one stable code per kind of mistake. PW1xxx belong to the
 * parser (dsl/codes.ts); PW2xxx are found while linking/validating a file (before anything runs);
 * PW3xxx happen while running. Tests assert these codes, never the prose.
 */
export const KernelCodes = {
  unknownStageKind: 'PW2001',
  unknownPlugin: 'PW2002',
  unknownOption: 'PW2003',
  invalidOption: 'PW2004',
  missingOption: 'PW2005',
  unknownFromStage: 'PW2006',
  cycle: 'PW2007',
  portMismatch: 'PW2008',
  duplicateStageName: 'PW2009',
  unknownBackend: 'PW2010',
  useNotFound: 'PW2011',
  apiVersionMismatch: 'PW2012',
  pluginCheck: 'PW2013',
  sweepInvalid: 'PW2014',
  badPluginModule: 'PW2015',
  backendUnavailable: 'PW2016',
  noPipeline: 'PW2017',
  duplicatePlugin: 'PW2018',
  unknownPipeline: 'PW2019',
  fileNotFound: 'PW2020',
  pluginFailed: 'PW3001',
  nonFinite: 'PW3002',
  badOutput: 'PW3003',
  cancelled: 'PW3004',
  configAtRun: 'PW3005',
  cacheWrite: 'PW3006',
  /** Queue executor: the job could not run on its worker (plan does not link there, stalled too often). */
  jobFailed: 'PW3101',
  /** Queue executor: a worker links the unit to other cache keys (different plugin versions). */
  planMismatch: 'PW3102',
} as const;

export type KernelCode = (typeof KernelCodes)[keyof typeof KernelCodes];
