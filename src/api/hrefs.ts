// Every Href is built from the request's scheme, host and port, as the product does.
export class Hrefs {
  readonly api: string;

  constructor(base: string) {
    this.api = `${base}/api`;
  }

  root = (): string => `${this.api}/`;
  logonSessions = (): string => `${this.api}/logonSessions`;
  logonSession = (id: string): string => `${this.api}/logonSessions/${id}`;
  sessionMngr = (version: string): string => `${this.api}/sessionMngr/?v=${version}`;
  security = (): string => `${this.api}/security`;
  roles = (): string => `${this.api}/security/roles`;
  role = (id: string): string => `${this.api}/security/roles/${id}`;
  accounts = (): string => `${this.api}/security/accounts`;
  account = (id: string): string => `${this.api}/security/accounts/${id}`;
  accountRoles = (id: string): string => `${this.api}/security/accounts/${id}/roles`;
  accountRole = (id: string, roleId: string): string => `${this.api}/security/accounts/${id}/roles/${roleId}`;
  accountScopes = (id: string): string => `${this.api}/security/accounts/${id}/scopes`;
  accountScope = (id: string, scopeId: string): string => `${this.api}/security/accounts/${id}/scopes/${scopeId}`;
  hierarchyRoots = (): string => `${this.api}/hierarchyRoots`;
  hierarchyRoot = (id: string): string => `${this.api}/hierarchyRoots/${id}`;
  task = (id: string): string => `${this.api}/tasks/${id}`;
}

const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The request's origin, or the fallback when the Host header is absent or not a host name. */
export function originOf(protocol: string, host: string | undefined, fallbackHost: string): string {
  return `${protocol}://${host && HOST.test(host) ? host : fallbackHost}`;
}
