// A session's reference: what emsec shows of a session to anyone but its owner. With the
// product's tokens (base64 of the SessionId, docs/security.md) whoever reads a SessionId can act
// as that session, so the audit trail, the logs and an administrator's view of other users'
// sessions show this one-way derivative instead: stable per session (records of one session
// still line up), GUID-shaped (clients that parse ids keep working), and of no use to act with.
import { createHash } from 'node:crypto';

/** SHA-256 of a fixed label and the lower-case SessionId, shaped as a version-4 GUID. */
export function sessionRef(sessionId: string): string {
  const hex = createHash('sha256').update(`emsec session reference\n${sessionId.toLowerCase()}`).digest('hex').slice(0, 32);
  // Version 4 and the RFC 4122 variant, so the reference is a well-formed GUID like the SessionId.
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
