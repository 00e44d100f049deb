// Checks for input that reaches the engine from inside the page: adapter
// events, engine config, commands sent from plain JavaScript. Input that
// crosses a wire (signaling messages, call-link payloads, webhooks) is parsed
// with zod where it arrives. These few parsers exist because the engine is on
// every visitor page: zod/mini alone would add ~6 KB gz to it and cost a
// tenth of the engine's time per adapter event.

/** Returns a clean copy of `value` (unknown keys dropped), or throws `InvalidValue`. */
export type Parser<T> = (value: unknown) => T;

export class InvalidValue extends Error {
  /** Field names from the outermost object inwards. */
  readonly path: string[] = [];
}

export function fail(problem: string): never {
  throw new InvalidValue(problem);
}

export const string = (min: number, max: number): Parser<string> => (value) =>
  typeof value === 'string' && value.length >= min && value.length <= max ? value : fail(`expected a string of ${min} to ${max} characters`);

export const integer = (min: number, max: number): Parser<number> => (value) =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? (value as number) : fail(`expected an integer from ${min} to ${max}`);

export const boolean: Parser<boolean> = (value) => (typeof value === 'boolean' ? value : fail('expected true or false'));

export const func = <F extends (...args: never[]) => unknown>(): Parser<F> => (value) =>
  typeof value === 'function' ? (value as F) : fail('expected a function');

export const oneOf = <const T extends string>(values: readonly T[]): Parser<T> => (value) =>
  values.includes(value as T) ? (value as T) : fail(`expected one of ${values.join(', ')}`);

export const optional = <T>(parse: Parser<T>): Parser<T | undefined> => (value) => (value === undefined ? undefined : parse(value));

export const list = <T>(item: Parser<T>, max = 1_000): Parser<T[]> => (value) => {
  if (!Array.isArray(value) || value.length > max) fail(`expected a list of at most ${max}`);
  return (value as unknown[]).map((entry, index) => {
    try {
      return item(entry);
    } catch (error) {
      if (error instanceof InvalidValue) error.path.unshift(String(index));
      throw error;
    }
  });
};

type Shape = Record<string, Parser<unknown>>;
type Parsed<S extends Shape> = { [K in keyof S as undefined extends ReturnType<S[K]> ? never : K]: ReturnType<S[K]> } & {
  [K in keyof S as undefined extends ReturnType<S[K]> ? K : never]?: Exclude<ReturnType<S[K]>, undefined>;
};

/** An object with exactly these fields; an absent optional field stays absent. */
export function object<S extends Shape>(fields: S): Parser<Parsed<S>> {
  const keys = Object.keys(fields);
  return (value) => {
    if (typeof value !== 'object' || value === null) fail('expected an object');
    const out: Record<string, unknown> = {};
    // One try around the loop, not one per field: this runs on every adapter event.
    let index = 0;
    try {
      for (; index < keys.length; index++) {
        const key = keys[index]!;
        const field = fields[key]!((value as Record<string, unknown>)[key]);
        if (field !== undefined) out[key] = field;
      }
    } catch (error) {
      if (error instanceof InvalidValue) error.path.unshift(keys[index]!);
      throw error;
    }
    return out as Parsed<S>;
  };
}

/** Runs a parser and turns a failure into "where: what" for an error message. */
export function parse<T>(parser: Parser<T>, value: unknown): { ok: true; value: T } | { ok: false; problem: string } {
  try {
    return { ok: true, value: parser(value) };
  } catch (error) {
    // Anything else thrown while reading the value (a getter, a proxy) makes it just as malformed.
    return { ok: false, problem: error instanceof InvalidValue ? describeInvalid(error) : 'it could not be read' };
  }
}

/** "where: what", for an error message. */
export function describeInvalid(error: InvalidValue): string {
  return `${error.path.join('.') || 'value'}: ${error.message}`;
}
