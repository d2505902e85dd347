// Encoded answers reused while what they were built from is unchanged. A handler may name the
// frozen object its answer was built from (Reply.body.source): the store's read caches hand out
// the same frozen object until the data changes — on SQLite until this process's or another
// process's commit, on PostgreSQL until the change token every request's session lookup reads
// moves, whichever node changed the data (store/sql/change-token.ts). So the bytes encoded for
// one (source, format, BOM, origin of the Hrefs) can be sent again as they are; a new source
// after a change gets its own encoding, and the old one goes with its source (a WeakMap).
// Full pages of 100 references were a quarter encoding (docs/performance.md).

/** The encodings of one source, by what else decides the bytes: format, BOM and Hrefs origin. */
const encodings = new WeakMap<object, Map<string, Buffer>>();

/** At most this many encodings per source: one per format and origin clients use, normally a few. */
const MAX_PER_SOURCE = 8;

/**
 * The body for `source` under `variant` (format, BOM and origin: everything but the source that
 * the encoding depends on), encoded once by `encode`. An unfrozen source (a read the caches did not
 * keep) is encoded every time: nothing guarantees the same object means the same data.
 */
export function reusedEncoding(source: object, variant: string, encode: () => string): Buffer | string {
  if (!Object.isFrozen(source)) return encode();
  let byVariant = encodings.get(source);
  const hit = byVariant?.get(variant);
  if (hit) return hit;
  const bytes = Buffer.from(encode(), 'utf8');
  if (!byVariant) {
    byVariant = new Map();
    encodings.set(source, byVariant);
  }
  if (byVariant.size >= MAX_PER_SOURCE) byVariant.clear();
  byVariant.set(variant, bytes);
  return bytes;
}
