/** Bilevel optimisation over two parameter groups on two data halves (first-order DARTS). */
export * from './first-order.js';
