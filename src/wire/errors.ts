/** A request body that does not match its declaration. The message names what is wrong. */
export class WireError extends Error {
  override readonly name = 'WireError';
}
