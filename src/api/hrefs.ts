// Every Href is built from the request's scheme, host and port, as the product does. Methods,
// not arrow fields: one Hrefs is made per request and should cost one small object.
export class Hrefs {
  readonly api: string;

  constructor(base: string) {
    this.api = `${base}/api`;
  }

  root(): string {
    return `${this.api}/`;
  }
  logonSessions(): string {
    return `${this.api}/logonSessions`;
  }
  logonSession(id: string): string {
    return `${this.api}/logonSessions/${id}`;
  }
  sessionMngr(version: string): string {
    return `${this.api}/sessionMngr/?v=${version}`;
  }
  security(): string {
    return `${this.api}/security`;
  }
  roles(): string {
    return `${this.api}/security/roles`;
  }
  role(id: string): string {
    return `${this.api}/security/roles/${id}`;
  }
  accounts(): string {
    return `${this.api}/security/accounts`;
  }
  account(id: string): string {
    return `${this.api}/security/accounts/${id}`;
  }
  accountRoles(id: string): string {
    return `${this.api}/security/accounts/${id}/roles`;
  }
  accountRole(id: string, roleId: string): string {
    return `${this.api}/security/accounts/${id}/roles/${roleId}`;
  }
  accountScopes(id: string): string {
    return `${this.api}/security/accounts/${id}/scopes`;
  }
  accountScope(id: string, scopeId: string): string {
    return `${this.api}/security/accounts/${id}/scopes/${scopeId}`;
  }
  hierarchyRoots(): string {
    return `${this.api}/hierarchyRoots`;
  }
  hierarchyRoot(id: string): string {
    return `${this.api}/hierarchyRoots/${id}`;
  }
  lookupSvc(): string {
    return `${this.api}/lookupSvc`;
  }
  /** A lookup query as lookup_service.md's example links it (the UID and `*` unencoded). */
  lookupAll(rootId: string, type: string): string {
    return `${this.api}/lookup?host=urn:veeam:HierarchyRoot:${rootId}&name=*&type=${type}`;
  }
  task(id: string): string {
    return `${this.api}/tasks/${id}`;
  }
}

const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The request's origin, or the fallback when the Host header is absent or not a host name. */
export function originOf(protocol: string, host: string | undefined, fallbackHost: string): string {
  return `${protocol}://${host && HOST.test(host) ? host : fallbackHost}`;
}
