/** What third-party plugin packages import from `pipewright`. */
export { definePlugin, API_VERSION } from './plugin.js';
export type { Plugin, PluginContext, PortSpec, StageResult, StageYield, ConfigIssue, Rng, JsonValue, Inputs } from './plugin.js';
export { defineBackend } from './backend.js';
export type { BackendPlugin, BackendAvailability } from './backend.js';
export { rangeSchema, arrowSchema, callSchema, positiveInt, positiveNumber, probability } from './schema.js';
export type { RunEvent } from './events.js';
export { lineChart, barChart } from '../lib/plot/index.js';
