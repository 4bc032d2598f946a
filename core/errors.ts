/** Stable codes for every error the SDK throws; match on `code`, not on the message. */
export type BadGatewayErrorCode =
  | 'bad-option' // an option has the wrong type or value
  | 'unsupported' // the browser lacks service workers (or the page is not a secure context)
  | 'registration-failed' // the browser refused the worker script
  | 'not-installed'; // an operation needs install() first

/** The one error type the SDK throws; `option` and `value` name the offending input. */
export class BadGatewayError extends Error {
  override readonly name = 'BadGatewayError';
  readonly code: BadGatewayErrorCode;
  readonly option?: string;
  readonly value?: unknown;

  constructor(code: BadGatewayErrorCode, message: string, details: { option?: string; value?: unknown; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.option = details.option;
    this.value = details.value;
  }
}

/** Throws a 'bad-option' error saying what `option` accepts and what it got. */
export function badOption(option: string, accepts: string, value: unknown): never {
  throw new BadGatewayError('bad-option', `bad-gateway: option "${option}" must be ${accepts}; got ${describe(value)}.`, { option, value });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  // Objects and arrays are named above; what is left (numbers, booleans, undefined, functions) String() names well.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return String(value);
}
