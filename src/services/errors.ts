import { MSG } from '../domain/messages.js';

// The storage's own refusal (it cannot answer now): the same request a moment later is served.
export { isStorageUnavailable } from '../storage/unavailable.js';

/**
 * What a use case refuses, in the words of the domain: the web layer gives each its status in one
 * place (`web/errors.ts`), a job or a script reads the kind. Each message is Vietnamese and safe to show.
 */
export abstract class DomainError extends Error {}

/** The record asked for is not there (or not for this user); `gone`: it was, and is no more (a file's bytes). */
export class NotFound extends DomainError {
  override readonly name = 'NotFound';
  constructor(
    message: string = MSG.pageNotFound,
    readonly gone = false,
  ) {
    super(message);
  }
}

/** What was sent cannot be taken; `unsupported`: not for what it is (a file's type), rather than for a value in it. */
export class Invalid extends DomainError {
  override readonly name = 'Invalid';
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

/** The request clashes with what is stored now (a record taken meanwhile, a run already going). */
export class Conflict extends DomainError {
  override readonly name = 'Conflict';
}

/** Too much asked too fast: the same request later is served. */
export class Busy extends DomainError {
  override readonly name = 'Busy';
}

/** Not found, with what is missing said in Vietnamese. */
export const notFound = (what: string = MSG.pageNotFound): NotFound => new NotFound(what);
