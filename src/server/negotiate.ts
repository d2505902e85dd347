// Content negotiation: XML unless the client prefers JSON (Accept with q-values honoured).
export type Format = 'xml' | 'json';

const XML_TYPES = new Set(['application/xml', 'text/xml']);
const JSON_TYPES = new Set(['application/json', 'text/json']);

export function responseFormat(accept: string | undefined): Format {
  if (!accept) return 'xml';
  let xml = -1;
  let json = -1;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    const weight = Number.isFinite(q) ? q : 0;
    const t = type.trim();
    if (XML_TYPES.has(t) || t.endsWith('+xml')) xml = Math.max(xml, weight);
    else if (JSON_TYPES.has(t) || t.endsWith('+json')) json = Math.max(json, weight);
  }
  return json > 0 && json > xml ? 'json' : 'xml';
}

export type BodyFormat = Format | 'missing' | 'unsupported';

export function requestFormat(contentType: string | undefined): { format: BodyFormat; charset: string } {
  if (!contentType) return { format: 'missing', charset: 'utf-8' };
  const [type = '', ...params] = contentType.toLowerCase().split(';');
  const charset = params.map((p) => p.trim()).find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '') ?? 'utf-8';
  const t = type.trim();
  if (XML_TYPES.has(t) || t.endsWith('+xml')) return { format: 'xml', charset };
  if (JSON_TYPES.has(t) || t.endsWith('+json')) return { format: 'json', charset };
  return { format: 'unsupported', charset };
}

export const CONTENT_TYPE: Record<Format, string> = {
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};
