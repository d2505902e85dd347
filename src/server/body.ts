// Request bodies: media type, charset, then the codec for the route's declaration (lenient by
// default, as the product's serializers; strict with --strict-bodies).
import type { FastifyRequest } from 'fastify';
import type { Representation } from '../wire/dsl.ts';
import { WireError } from '../wire/errors.ts';
import { decodeJson } from '../wire/json.ts';
import { decodeXml } from '../wire/xml.ts';
import { HttpError } from './http-errors.ts';
import { requestFormat } from './negotiate.ts';

export interface BodyLimits {
  /** Deepest element / object nesting accepted. */
  readonly maxDepth: number;
  /** Refuse unknown members and elements (--strict-bodies); otherwise they are ignored and logged. */
  readonly strictBodies?: boolean | undefined;
}

export function decodeBody(rep: Representation<unknown>, req: FastifyRequest, limits: BodyLimits): unknown {
  const { format, charset } = requestFormat(req.headers['content-type']);
  if (format === 'missing') throw new WireError('The Content-Type header is required: application/xml or application/json.');
  if (format === 'unsupported') throw new HttpError(415, `Content-Type '${req.headers['content-type']}' is not supported: use application/xml or application/json.`);
  const raw = req.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) throw new WireError(`The request body is empty; expected ${rep.element}.`);
  let text: string;
  try {
    text = new TextDecoder(charset, { fatal: true }).decode(raw);
  } catch (err) {
    if (err instanceof RangeError) throw new HttpError(415, `Charset '${charset}' is not supported.`);
    throw new WireError(`The request body is not valid ${charset}.`);
  }
  const ignored: string[] = [];
  const read = { maxDepth: limits.maxDepth, lenient: limits.strictBodies !== true, ignored };
  let value: unknown;
  try {
    value = format === 'xml' ? decodeXml(rep, text, read) : decodeJson(rep, text, read);
  } catch (err) {
    // What was skipped is often what the client meant (a misspelt element): the 400 says so.
    if (err instanceof WireError && ignored.length > 0) throw new WireError(`${err.message.replace(/\.$/, '')}; ignored: ${ignored.join(', ')}.`);
    throw err;
  }
  // Names and paths only, never values: the log learns which client sends what, not what it sent.
  if (ignored.length > 0) req.log.warn({ ignored }, `request body: ignored what ${rep.element} does not declare (--strict-bodies refuses it)`);
  return value;
}
