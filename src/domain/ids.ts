// Ids are bare GUIDs in URLs and `urn:veeam:<Type>:<guid>` UIDs in bodies.
import { randomUUID } from 'node:crypto';

const GUID_TEXT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const GUID = new RegExp(`^${GUID_TEXT}$`, 'i');
const GUIDS = new RegExp(GUID_TEXT, 'gi');

export const newId = (): string => randomUUID();

export function isGuid(s: string): boolean {
  return GUID.test(s);
}

/** `text` with each GUID in it, in any case, replaced by what `by` makes of it. */
export function replaceGuids(text: string, by: (guid: string) => string): string {
  return text.replace(GUIDS, by);
}

/** The lower-case GUID of a `urn:veeam:<type>:<guid>` UID, or undefined when it is not one. */
export function guidOfUid(uid: string, type: string): string | undefined {
  const prefix = `urn:veeam:${type}:`;
  const s = uid.trim();
  if (s.length !== prefix.length + 36 || s.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
  const guid = s.slice(prefix.length);
  return isGuid(guid) ? guid.toLowerCase() : undefined;
}

export function uidOf(type: string, guid: string): string {
  return `urn:veeam:${type}:${guid}`;
}
