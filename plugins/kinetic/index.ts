/** Kinetic (Vlasov–Poisson) plugins: initial conditions, full-grid and low-rank solvers, diagnostics. */
import type { Plugin } from '../../kernel/plugin.js';
import { vlasovInitPlugin } from '../data/vlasov-init.js';
import { diagnosticsPlugin } from '../evaluate/diagnostics.js';
import { dlrPlugin } from '../solve/dlr.js';
import { fullgridPlugin } from '../solve/fullgrid.js';

export const plugins: Plugin[] = [vlasovInitPlugin, fullgridPlugin, dlrPlugin, diagnosticsPlugin];
