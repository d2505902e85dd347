/** A request body that does not match its declaration. The message names what is wrong. */
export class WireError extends Error {
  override readonly name = 'WireError';
}

/**
 * How a request body is read. The codecs are strict unless told `lenient`: the server reads
 * bodies leniently by default, as the product's .NET data-contract serializers do — unknown JSON
 * members and unknown XML elements are skipped and named in `ignored`, which the server logs as a
 * warning — and strictly with `--strict-bodies` (a 400 naming them). Element order stays
 * significant either way (docs/decisions.md).
 */
export interface BodyLeniency {
  readonly lenient?: boolean | undefined;
  /** Collects what was ignored, for the log (at most 20 entries). */
  readonly ignored?: string[] | undefined;
}

/** Lenient: records `what` and says to skip it. Strict: says to refuse it. */
export function ignore(lenient: BodyLeniency, what: string): boolean {
  if (lenient.lenient !== true) return false;
  if (lenient.ignored && lenient.ignored.length < 20) lenient.ignored.push(what);
  return true;
}
