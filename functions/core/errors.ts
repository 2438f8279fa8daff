/**
 * The engine's one error family. Each error carries a code; the code alone
 * decides the HTTP status (in the app's `onError`), so the core and the ports
 * stay transport-agnostic.
 */
export const errorCodes = [
  'internal',
  'invalid',
  'invalid-template',
  'invalid-rules',
  'unauthorized',
  'not-found',
  'conflict',
  'unreachable',
  'provider-failed',
  'idempotency-key-reused',
  'job-too-large',
  'forbidden',
  'too-many-attempts',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class NurtureError extends Error {
  readonly code: ErrorCode = 'internal';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /** What an answer may tell the caller beyond the message (issue lists, positions). */
  get details(): Record<string, unknown> {
    return {};
  }
}

/**
 * What a field's value broke, in terms a console can put in its own language:
 * the check's code with its bound (`too-big` and `maximum`), beside the English `message`.
 */
export type FieldCheck =
  | { code: 'too-big' | 'too-small'; of: 'number' | 'text' | 'list'; bound: number }
  | { code: 'required' | 'wrong-type' | 'not-a-choice' }
  | { code: 'format'; format: string }
  | { code: 'unknown-field' };

/** One offending field: its dotted path, what is wrong in English, and the check it broke when known. */
export interface FieldIssue {
  path: string;
  message: string;
  check?: FieldCheck;
}

/**
 * Input that failed validation; `issues` name the offending fields (path and English
 * message), and `checks` say, for those whose check is known, what it was, so a console can word it.
 */
export class ValidationError extends NurtureError {
  override readonly code: ErrorCode = 'invalid';
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  readonly checks: ReadonlyArray<{ path: string } & FieldCheck>;

  constructor(message: string, issues: ReadonlyArray<FieldIssue>) {
    super(message);
    this.issues = issues.map(({ path, message: text }) => ({ path, message: text }));
    this.checks = issues.flatMap(({ path, check }) => (check ? [{ path, ...check }] : []));
  }

  override get details(): Record<string, unknown> {
    return this.checks.length ? { issues: this.issues, checks: this.checks } : { issues: this.issues };
  }
}

export class NotFoundError extends NurtureError {
  override readonly code: ErrorCode = 'not-found';
}

export class UnauthorizedError extends NurtureError {
  override readonly code: ErrorCode = 'unauthorized';
}

/** The caller is known but their role may not do this (an owner editing a template). */
export class ForbiddenError extends NurtureError {
  override readonly code: ErrorCode = 'forbidden';
}

/** Too many failed sign-ins for this account or from this address: try again after a while. */
export class TooManyAttemptsError extends NurtureError {
  override readonly code: ErrorCode = 'too-many-attempts';

  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed sign-ins: try again in ${retryAfterSeconds} s`);
  }

  override get details(): Record<string, unknown> {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** A conditional write lost a race; the caller re-reads and decides again. */
export class ConflictError extends NurtureError {
  override readonly code: ErrorCode = 'conflict';
}

/** The customer cannot be reached on the channel asked for (no address, no consent, suppressed). */
export class UnreachableError extends NurtureError {
  override readonly code: ErrorCode = 'unreachable';
}

/** The mail or SMS provider failed a send that was asked for now. */
export class ProviderError extends NurtureError {
  override readonly code: ErrorCode = 'provider-failed';
}

/** An `Idempotency-Key` used before with a different request: the earlier result is not this one's answer. */
export class IdempotencyKeyReusedError extends NurtureError {
  override readonly code: ErrorCode = 'idempotency-key-reused';

  constructor(
    readonly key: string,
    differs: string,
  ) {
    super(`Idempotency-Key ${key} was used before with a different request (${differs}); use a new key`);
  }

  override get details(): Record<string, unknown> {
    return { issues: [{ path: 'Idempotency-Key', message: this.message }] };
  }
}

/** A send job over the queue's body limit: refused before the queue is called. */
export class JobTooLargeError extends NurtureError {
  override readonly code: ErrorCode = 'job-too-large';
}

/** Where a template source goes wrong, for the editor to point at. */
export interface TemplateProblem {
  /** Which part of the source: the subject line, the body, or the hand-written text part. */
  field: 'subject' | 'body' | 'text';
  /** 1-based, within that part. */
  line: number;
  column: number;
  message: string;
}

/** A template that does not parse or render: the marketer's error, with where it is when known. */
export class TemplateError extends ValidationError {
  override readonly code: ErrorCode = 'invalid-template';

  constructor(
    message: string,
    readonly errors: readonly TemplateProblem[] = [],
  ) {
    super(message, [{ path: 'template', message }]);
  }

  override get details(): Record<string, unknown> {
    return { errors: this.errors };
  }
}

/** One problem with one rule: which rule, which parameter. */
export interface RuleIssue extends FieldIssue {
  rule: string;
}

/** A rule edit that would not run: a bad parameter or a template that does not exist. */
export class RuleError extends ValidationError {
  override readonly code: ErrorCode = 'invalid-rules';

  constructor(issues: readonly RuleIssue[]) {
    super(
      `invalid rules: ${issues.map((i) => `${i.rule}: ${i.path}: ${i.message}`).join('; ')}`,
      issues.map(({ rule, ...issue }) => ({ ...issue, message: `${rule}: ${issue.message}` })),
    );
  }
}
