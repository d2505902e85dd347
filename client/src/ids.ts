// Ids as the API uses them: bare GUIDs in URLs, `urn:veeam:<Type>:<guid>` UIDs in bodies.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(s: string): boolean {
  return GUID.test(s);
}

/** The GUID inside `urn:veeam:<type>:<guid>` (any type when none is given), or undefined. */
export function guidOfUid(uid: string, type?: string): string | undefined {
  const m = /^urn:veeam:([A-Za-z]+):(.+)$/.exec(uid);
  if (!m || (type && m[1]?.toLowerCase() !== type.toLowerCase())) return undefined;
  return m[2] !== undefined && isGuid(m[2]) ? m[2] : undefined;
}

/** A GUID given bare or as a UID of the type, else undefined. */
export function idOf(s: string, type: string): string | undefined {
  const t = s.trim();
  return isGuid(t) ? t.toLowerCase() : guidOfUid(t, type)?.toLowerCase();
}

export function uidOf(type: string, guid: string): string {
  return `urn:veeam:${type}:${guid}`;
}

/** The last path segment of an Href (the id of the resource it names), without the query. */
export function lastSegment(href: string): string {
  const path = href.split(/[?#]/)[0] ?? '';
  const parts = path.split('/').filter(Boolean);
  return decodeURIComponent(parts[parts.length - 1] ?? '');
}

/**
 * The API base (`https://host:9398/api`) from what a user types: an origin, or a URL ending in
 * `/api` or `/api/`.
 */
export function apiBase(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TypeError(`Not a URL: '${url}' (expected e.g. https://em.example.com:9398)`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new TypeError(`Not an http(s) URL: '${url}'`);
  const path = u.pathname.replace(/\/+$/, '');
  const base = path.toLowerCase().endsWith('/api') ? path : `${path}/api`;
  return `${u.origin}${base}`;
}
