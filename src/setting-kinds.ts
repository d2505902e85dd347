// The kinds of setting: how the text of a flag or environment variable becomes a typed value, and
// the message when it cannot. options.ts resolves every setting through these into one Config;
// they are plain functions, not zod, because serve validates its options on every start and
// importing zod costs it about 50 ms (docs/decisions.md, "One resolved configuration").

/** A mistake on the command line or in the environment: the CLI prints it and exits 2. */
export class UsageError extends Error {}

export type SettingKind = 'string' | 'port' | 'int' | 'seconds' | 'boolean' | 'choice';

/** One row of the settings table: its flag, its environment variable, the key it sets and how. */
export interface Setting<K extends string, T> {
  readonly flag: string;
  readonly env: string;
  readonly key: K;
  /** What the value is; `boolean` settings are flags without a value on the command line. */
  readonly kind: SettingKind;
  readonly choices?: readonly string[];
  readonly help: string;
  /** The value of `raw`; throws UsageError naming `name` (`--flag / ENV`) when it is not one. */
  parse(raw: string, name: string): T;
}

/** The rows that may set a key of `C`, each parsing to that key's type. */
export type SettingOf<C> = { [K in keyof C & string]: Setting<K, NonNullable<C[K]>> }[keyof C & string];

/** The keys of `C` that are always set: those with a default. */
export type DefaultedKey<C> = { [K in keyof C]-?: undefined extends C[K] ? never : K }[keyof C];

/** A value for every key of `C` that has a default, and for no other. */
export type Defaults<C> = Readonly<Pick<C, DefaultedKey<C>>>;

export const STRING = { kind: 'string', parse: (raw: string): string => raw } as const;

export const BOOLEAN = {
  kind: 'boolean',
  parse(raw: string, name: string): boolean {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new UsageError(`${name} must be true or false, got '${raw}'.`);
  },
} as const;

function wholeNumber(raw: string, name: string): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`${name} must be a whole number, got '${raw}'.`);
  return Number(raw);
}

export const INT = { kind: 'int', parse: wholeNumber } as const;

export const PORT = {
  kind: 'port',
  parse(raw: string, name: string): number {
    const n = wholeNumber(raw, name);
    if (n > 65535) throw new UsageError(`${name} must be a port number (0-65535), got '${raw}'.`);
    return n;
  },
} as const;

/** Given in seconds, kept in milliseconds. */
export const SECONDS = {
  kind: 'seconds',
  parse(raw: string, name: string): number {
    const n = wholeNumber(raw, name);
    if (n === 0) throw new UsageError(`${name} must be at least 1 second.`);
    return n * 1000;
  },
} as const;

/** One of `choices`, in any case. */
export function choice<T extends string>(choices: readonly T[]): { readonly kind: 'choice'; readonly choices: readonly T[]; parse(raw: string, name: string): T } {
  return {
    kind: 'choice',
    choices,
    parse(raw, name) {
      const value = choices.find((c) => c === raw.toLowerCase());
      if (value === undefined) throw new UsageError(`${name} must be one of ${choices.join(', ')}, got '${raw}'.`);
      return value;
    },
  };
}
