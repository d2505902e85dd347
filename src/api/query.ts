// Query options shared by several routes.
import { Invalid } from '../domain/errors.ts';

/** `format=Entity` | `format=Ref` (format.md); the reference form is the default. */
export function wantsEntity(query: Readonly<Record<string, string | undefined>>): boolean {
  const format = query['format'];
  if (format === undefined) return false;
  const f = format.toLowerCase();
  if (f === 'entity') return true;
  if (f === 'ref') return false;
  throw new Invalid(`Query parameter 'format' has invalid value '${format}': expected Entity or Ref.`);
}
