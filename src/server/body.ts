// Request bodies: media type, charset, then the strict codec for the route's declaration.
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
  return format === 'xml' ? decodeXml(rep, text, limits) : decodeJson(rep, text, limits);
}
