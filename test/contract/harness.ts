// What a replayed example can do: call the real server, seed it, and compare a response with the
// documented body — structurally (xmltree.ts), in XML as documented and again in JSON: the JSON
// form must validate against the published OpenAPI schema and carry the same content.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { ROLES } from '../../src/domain/roles.ts';
import { decodeJson } from '../../src/wire/json.ts';
import { encodeXml } from '../../src/wire/xml.ts';
import { representationOf } from '../../src/wire/registry.ts';
import { xsdErrors } from '../helpers/xsd.ts';
import { NS, call, type Call, type TestServer } from '../helpers/server.ts';
import { compareXml, idNormaliser, parseXml, type CompareOptions } from './xmltree.ts';

export const ADMIN_USER = 'SRV02\\Administrator';
export const PASSWORD = 'Passw0rd!-contract';
export const FIXED_IDS: ReadonlySet<string> = new Set(ROLES.map((r) => r.id));

// ---- the exported XSD ----------------------------------------------------------------------------

/** Validates an XML document against `emsec export xsd` (libxml2 in WebAssembly); returns its complaints. */
export async function validateWithXsd(xml: string): Promise<string[]> {
  return (await xsdErrors(xml)).filter((l) => !l.endsWith('validates') && !l.includes('fails to validate'));
}

// ---- OpenAPI schemas ------------------------------------------------------------------------------

export class SchemaCheck {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(openapi: object) {
    this.ajv.addSchema(openapi, 'openapi');
  }

  /** JSON Schema errors of `value` as the element's response body; [] when valid. */
  errors(element: string, value: unknown): string[] {
    let v = this.cache.get(element);
    if (!v) {
      const found = this.ajv.getSchema(`openapi#/components/schemas/${element}`);
      if (!found) return [`no schema for ${element} in openapi.json`];
      v = found;
      this.cache.set(element, v);
    }
    return v(value) ? [] : (v.errors ?? []).map((e) => `JSON ${e.instancePath || '/'} ${e.message ?? ''}`);
  }
}

// ---- the replay context ---------------------------------------------------------------------------

export interface CallOptions {
  readonly body?: string;
  /** Content-Type of the body. */
  readonly type?: 'xml' | 'json';
  readonly accept?: 'xml' | 'json';
  /** Another session's token; null for none. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

export interface ExpectOptions {
  /** Element paths whose children the reference cut short: only the documented ones are compared. */
  readonly prefixOnly?: readonly string[];
  /** Also fetch the JSON form and check it (default true). */
  readonly json?: boolean;
}

export class Replay {
  private readonly normalise: CompareOptions['normalise'] = idNormaliser(FIXED_IDS);

  constructor(readonly server: TestServer, readonly token: string, private readonly schemas: SchemaCheck) {}

  call(method: string, path: string, o: CallOptions = {}): Promise<Call> {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const token = o.token === undefined ? this.token : o.token;
    if (token) headers['x-restsvcsessionid'] = token;
    if (o.type) headers['content-type'] = o.type === 'xml' ? 'application/xml' : 'application/json';
    if (o.accept) headers['accept'] = o.accept === 'xml' ? 'application/xml' : 'application/json';
    return call(`${this.server.url}${path}`, { method, headers, ...(o.body !== undefined ? { body: o.body } : {}) });
  }

  async user(name: string, groups: string[] = []): Promise<void> {
    await this.server.addUser(name, PASSWORD, groups);
  }

  /** Creates an account through the API and returns its id (from the Location header). */
  async account(name: string, type: string, roleGuids: readonly string[], allowAll = true): Promise<string> {
    if (type === 'User') await this.user(name);
    const body = `<EnterpriseAccountCreateSpec xmlns="${NS}"><AccountType>${type}</AccountType><AccountName>${name}</AccountName><Roles>`
      + roleGuids.map((g) => `<EnterpriseRole><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${g}</EnterpriseRoleUid></EnterpriseRole>`).join('')
      + `</Roles><AllowRestoreAllVms>${allowAll}</AllowRestoreAllVms></EnterpriseAccountCreateSpec>`;
    const res = await this.call('POST', '/api/security/accounts', { body, type: 'xml' });
    if (res.status !== 201) throw new Error(`seeding account ${name}: ${res.status} ${res.text}`);
    return (res.headers.get('location') as string).split('/').pop() as string;
  }

  async accountId(name: string): Promise<string> {
    const res = await this.call('GET', `/api/security/accounts?filter=Name==${encodeURIComponent(`"${name}"`)}`, { accept: 'json' });
    const ref = res.json<{ Refs: { Name: string; UID: string }[] }>().Refs[0];
    if (!ref) throw new Error(`no account ${name}`);
    return ref.UID.split(':').pop() as string;
  }

  /** Differences between a response and a documented status (and no body). */
  noBody(res: Call, status: number): string[] {
    const out: string[] = [];
    if (res.status !== status) out.push(`status: expected ${status}, found ${res.status}`);
    else if (res.text !== '') out.push(`body: expected none, found ${res.text.slice(0, 100)}`);
    if ((res.headers.get('content-type') ?? '').includes('json')) out.push('content-type: a response without a body has a JSON Content-Type');
    return out;
  }

  /**
   * Differences between the response to GET `path` and the documented XML body: structurally in
   * XML, against the XSD, and (unless json: false) the JSON form against the OpenAPI schema and
   * the same content once re-encoded as XML.
   */
  async get(path: string, expectedXml: string, o: ExpectOptions = {}): Promise<string[]> {
    return this.expectXml(await this.call('GET', path), expectedXml, o, path);
  }

  async expectXml(res: Call, expectedXml: string, o: ExpectOptions = {}, jsonPath?: string, status = 200): Promise<string[]> {
    if (res.status !== status) return [`status: expected ${status}, found ${res.status}`];
    const out: string[] = [];
    if (!(res.headers.get('content-type') ?? '').startsWith('application/xml')) out.push(`content-type: ${res.headers.get('content-type')}`);
    const expected = parseXml(expectedXml);
    const actual = parseXml(res.text);
    if (actual.ns !== NS) out.push(`root namespace: ${actual.ns}`);
    out.push(...compareXml(expected, actual, { normalise: this.normalise, prefixOnly: o.prefixOnly ?? [] }));
    out.push(...(await validateWithXsd(res.text)).map((e) => `XSD: ${e}`));
    if (jsonPath !== undefined && o.json !== false) {
      const j = await this.call('GET', jsonPath, { accept: 'json' });
      out.push(...this.checkJson(j, expected.name, expectedXml, o));
    }
    return out;
  }

  private checkJson(res: Call, element: string, expectedXml: string, o: ExpectOptions): string[] {
    if (res.status !== 200) return [`JSON status: ${res.status}`];
    if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) return [`JSON content-type: ${res.headers.get('content-type')}`];
    const rep = representationOf(element);
    if (!rep) return [`JSON: ${element} is not a registered representation`];
    const value = res.json<unknown>();
    const out = this.schemas.errors(element, value);
    const asXml = encodeXml(rep, decodeJson(rep, res.text, { maxDepth: 32 }));
    out.push(...compareXml(parseXml(expectedXml), parseXml(asXml), { normalise: this.normalise, prefixOnly: o.prefixOnly ?? [] }).map((d) => `JSON: ${d}`));
    return out;
  }
}
