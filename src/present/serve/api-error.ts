/**
 * A request the API refuses: the status and the `{error: {code, message, param}}` body the client
 * sees (docs/API.md "Errors"). Anything a request can cause ends as one of these, never as a 500.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }

  body(): { error: { code: string; message: string; param?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.param ? { param: this.param } : {}) } };
  }
}

/** 400 for one malformed parameter. */
export function badParameter(param: string, message: string): ApiError {
  return new ApiError(400, 'bad_parameter', message, param);
}
