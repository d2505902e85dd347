// A database URL as messages, logs and the banner may show it: rebuilt from its parsed parts, so
// never its password, wherever the URL holds one (a password with an unescaped @, ?password=,
// ?sslpassword=); a URL that does not parse is not shown at all.

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * The URL as written but without its password, and without its query string (shown as `?…`):
 * for a URL refused before it is used (options.ts). Not parsed: not shown.
 */
export function redact(url: string): string {
  const parsed = parse(url);
  if (!parsed) return '(a URL that does not parse, so it is not shown)';
  // Without // there is no user or host part to tell apart: all after the scheme may be a secret.
  if (!url.slice(parsed.protocol.length).startsWith('//')) return `${parsed.protocol}…`;
  const userinfo = parsed.username ? `${parsed.username}${parsed.password ? ':***' : ''}@` : parsed.password ? ':***@' : '';
  return `${parsed.protocol}//${userinfo}${parsed.host}${parsed.pathname}${parsed.search ? '?…' : ''}${parsed.hash ? '#…' : ''}`;
}

/**
 * A PostgreSQL URL as its database, host (or socket directory) and user, rebuilt from the parsed
 * URL: never its password or query parameters (password, sslpassword, sslkey…), which a pattern
 * that cuts the password out would miss (a password holding an unescaped @, a ?password=). A URL
 * that does not parse is not shown at all, since where its password ends cannot be told.
 */
export function describePostgres(url: string): string {
  const parsed = parse(url);
  if (!parsed) return 'PostgreSQL (its URL does not parse, so it is not shown)';
  // libpq's ?host= names the host or the socket directory when the URL's host part is empty.
  const host = decode(parsed.host) || parsed.searchParams.get('host') || 'the default socket';
  const database = decode(parsed.pathname.replace(/^\//, '')) || 'named after the user';
  const user = parsed.username ? ` (user ${decode(parsed.username)})` : '';
  return `PostgreSQL database ${database} on ${host}${user}`;
}
