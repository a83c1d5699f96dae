/**
 * Errors are for bugs and infrastructure faults only; bad log data is a Problem.
 * `UserError` carries a one-line message the CLI prints as is, without a stack trace.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The store could not be opened, queried or written. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    message: string,
    readonly sql?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
