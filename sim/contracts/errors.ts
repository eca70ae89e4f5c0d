// How a ported contract fails. Solidity has three ways to revert, and each is kept apart so that a
// test can assert exactly what the original would have returned:
//   - a custom error (`revert InsufficientMagnitude()`), or a Go keeper error (`ErrAccountClosed`):
//     a `Revert` whose `errorName` is the original identifier;
//   - `require(cond, "message")`: a `Revert` named `Error` with the message as its one argument;
//   - checked arithmetic, division by zero and the like: a `Panic` with the EVM panic code.
// An empty revert (`revert()`, as solmate's mulDiv does) is a `Revert` with an empty name.
//
// A Revert carries no stack trace. It is the contract's answer, which every caller handles (the
// chain turns it into a receipt), not a fault in the lab; its name and arguments say what failed.
// Capturing the trace was most of the cost of a revert (about 8 us of 10), and a market with many
// providers bidding on a stale view sees hundreds of thousands of them. A Panic keeps its trace.
// For the same reason its message is written only when read: most reverts are expected and caught
// (an escrow call the original ignores the error of), and formatting their arguments was most of
// what remained.
export class Revert extends Error {
  readonly errorName: string;
  readonly args: readonly unknown[];

  constructor(errorName: string, ...args: unknown[]) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super();
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'Revert';
    this.errorName = errorName;
    this.args = args;
  }
}

// An accessor on the prototype: `message` stays what it was (`ErrName(arg, ...)`), formatted on demand.
Object.defineProperty(Revert.prototype, 'message', {
  get(this: Revert): string {
    return this.errorName === '' ? 'revert (no data)' : `${this.errorName}(${this.args.map(formatArg).join(', ')})`;
  },
  configurable: true,
});

/** EVM panic codes (Solidity docs, "Panic via assert and error via require"). */
export const PanicCode = {
  ASSERT: 0x01,
  ARITHMETIC: 0x11,
  DIVISION_BY_ZERO: 0x12,
  ENUM_CONVERSION: 0x21,
  EMPTY_ARRAY_POP: 0x31,
  ARRAY_OUT_OF_BOUNDS: 0x32,
} as const;

export class Panic extends Error {
  readonly code: number;

  constructor(code: number) {
    super(panicName(code));
    this.name = 'Panic';
    this.code = code;
  }
}

export function panicName(code: number): string {
  return `Panic(0x${code.toString(16).padStart(2, '0')})`;
}

/** Throws the original's custom error. */
export function revert(errorName: string, ...args: unknown[]): never {
  throw new Revert(errorName, ...args);
}

/** Solidity's `require(cond, CustomError())`: throws the named error unless `cond` holds. */
export function require(cond: boolean, errorName: string, ...args: unknown[]): asserts cond {
  if (!cond) throw new Revert(errorName, ...args);
}

export function isContractError(e: unknown): e is Revert | Panic {
  return e instanceof Revert || e instanceof Panic;
}

/** The name a caller (an agent, a test, the chain's receipt) sees for a failed call. */
export function errorNameOf(e: unknown): string {
  if (e instanceof Revert) return e.errorName;
  if (e instanceof Panic) return panicName(e.code);
  throw e;
}

function formatArg(a: unknown): string {
  return typeof a === 'bigint' ? a.toString() : typeof a === 'string' ? JSON.stringify(a) : String(a);
}
