// What emsec shows of a session to anyone but its owner (docs/security.md, "Session references"),
// computed here from the documented formula, not by the code under test: SHA-256 of
// "emsec session reference\n" + the lower-case SessionId, the first 16 bytes as a v4 GUID.
import { createHash } from 'node:crypto';

export function refOf(sessionId: string): string {
  const b = createHash('sha256').update(`emsec session reference\n${sessionId.toLowerCase()}`).digest().subarray(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
