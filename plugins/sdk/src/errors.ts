/**
 * Expected failures, shared by the core and plugins: the host reports them to clients with their
 * message and `code` (and lists them in mutation result unions), while anything else is logged
 * and masked as "Unexpected error.".
 */

/** One problem with one input value. `path` names the field, e.g. ["input", "segments", 2, "durationSeconds"]. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/** Base class of every expected failure that a mutation reports as a typed error. */
export abstract class AppError extends Error {
  abstract readonly code: string;
}

export class ValidationError extends AppError {
  readonly code = 'VALIDATION';
  constructor(
    readonly issues: FieldIssue[],
    message = issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
  ) {
    super(message);
    this.name = 'ValidationError';
  }

  static field(path: (string | number)[], message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly typename: string,
    readonly id: string,
  ) {
    super(`${typename} ${id} was not found`);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
  constructor(
    message: string,
    /** Global or raw ids of the rows the request conflicts with. */
    readonly conflictingIds: string[] = [],
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'You are not allowed to do this') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Sign in first: send an Authorization: Bearer <token> header') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/** A plugin is switched off for the caller's organization, or its circuit is open after repeated failures. */
export class PluginUnavailableError extends AppError {
  readonly code = 'PLUGIN_UNAVAILABLE';
  constructor(
    readonly plugin: string,
    message: string,
  ) {
    super(message);
    this.name = 'PluginUnavailableError';
  }
}
