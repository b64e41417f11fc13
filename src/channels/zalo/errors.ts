import { classifyStatus, type Failure } from '../../lib/retry.js';

/**
 * Errors of the Zalo Bot API client. Messages name the method and what went wrong, never the URL
 * (the bot token sits in its path).
 */

/** The API answered `{ ok: false }` (or a non-JSON error status). */
export class ZaloApiError extends Error {
  override readonly name = 'ZaloApiError';
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
    /** Seconds to wait, when a 429 says so. */
    readonly retryAfter?: number,
  ) {
    super(`Zalo ${method} failed: ${errorCode} ${description}`);
  }
}

/** The request did not get an answer (connection refused, reset, timeout). */
export class ZaloNetworkError extends Error {
  override readonly name = 'ZaloNetworkError';
  constructor(
    readonly method: string,
    /** A Node/axios error code such as `ECONNREFUSED`, or `TIMEOUT`. */
    readonly code: string,
  ) {
    super(`Zalo ${method}: network error (${code})`);
  }
}

/** The retry policy's view of a Zalo error (lib/retry). */
export function classifyZaloError(err: unknown): Failure {
  if (err instanceof ZaloNetworkError) return { kind: 'transient' };
  if (err instanceof ZaloApiError) return classifyStatus(err.errorCode, err.retryAfter);
  return { kind: 'permanent' };
}
