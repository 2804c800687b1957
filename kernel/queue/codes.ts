/** Error codes of the queue executor live in the one catalogue, kernel/codes.ts (PW31xx). */
import { KernelCodes } from '../codes.js';

export const QueueCodes = { jobFailed: KernelCodes.jobFailed, planMismatch: KernelCodes.planMismatch } as const;

/** A problem with the queue itself (bad URL, Redis unreachable, unknown run): one clear line. */
export class QueueError extends Error {
  constructor(
    message: string,
    /** `usage` errors exit 2 (bad flags); `unavailable` ones exit 1. */
    readonly kind: 'usage' | 'unavailable' | 'unknown-run' = 'unavailable',
  ) {
    super(message);
    this.name = 'QueueError';
  }
}

/** The code travels inside BullMQ's failedReason (a plain string): `[PW3101] message`. */
export function tagReason(code: string, message: string): string {
  return `[${code}] ${message}`;
}

export function untagReason(reason: string): { code?: string; message: string } {
  const m = /^\[(PW\d{4})\] ([\s\S]*)$/.exec(reason);
  return m ? { code: m[1], message: m[2]! } : { message: reason };
}
