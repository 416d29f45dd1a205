/**
 * A business rule said no. The HTTP boundary maps `kind` to a status:
 * invalid → 400, forbidden → 403, not_found → 404, conflict → 409, rule → 422.
 * `message` is shown to the user: write it in Chinese.
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'rule';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    /** A stable machine code, e.g. 'task.already_decided'. */
    readonly code: string,
    message: string,
    /** The offending input field, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
