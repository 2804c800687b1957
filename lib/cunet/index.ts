/**
 * Image segmentation networks, kernel-free: the U-Net and the Continuous U-Net (second-order ODE
 * blocks integrated by RK4) as JSON specs with functional forwards, instance norm, the RK4
 * integrator over tensor states, BCE / Dice losses, and training on random crops.
 */
export * from './spec.js';
export * from './instance-norm.js';
export * from './rk4.js';
export * from './ode-block.js';
export * from './plain-block.js';
export * from './forward.js';
export * from './losses.js';
export * from './train.js';
export * from './synthetic.js';
