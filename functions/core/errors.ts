/**
 * The engine's small error family. HTTP status mapping lives only in the app's
 * `onError`, so the core and the ports stay transport-agnostic.
 */
export class NurtureError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that failed validation; `issues` name the offending fields. */
export class ValidationError extends NurtureError {
  constructor(
    message: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(message);
  }
}

export class NotFoundError extends NurtureError {}

export class UnauthorizedError extends NurtureError {}

/** A conditional write lost a race; the caller re-reads and decides again. */
export class ConflictError extends NurtureError {}
