// The facade routes call: owns the store, the directory and the clock for one emsec instance.
import type { Directory } from '../identity/directory.ts';
import type { Store } from '../store/repos.ts';
import { Accounts } from './accounts.ts';
import { MovableClock, type Clock } from './clock.ts';
import { FaultRules } from './faults.ts';
import type { FaultSpec } from './fault-spec.ts';
import { Invalid, NotFound } from './errors.ts';
import { isGuid } from './ids.ts';
import type { HierarchyRootRecord, Role, TaskRecord } from './model.ts';
import { ROLES } from './roles.ts';
import { Scopes, type RebuildMode } from './scopes.ts';
import { Lookup } from './lookup.ts';
import { Restores } from './restorable.ts';
import { AuthzVersion, Sessions, accountsOf, type Principal, type SessionOptions } from './sessions.ts';
import { resetStore, type ResetOptions } from './reset.ts';
import { explain, type Explanation } from './explain.ts';
import type { Operation } from './rights.ts';
import { AuditTrail, type Actor } from './audit.ts';

export class Emsec {
  readonly sessions: Sessions;
  readonly accounts: Accounts;
  readonly scopes: Scopes;
  readonly lookup: Lookup;
  readonly restores: Restores;
  readonly audit: AuditTrail;
  /** The emulator's fault rules (/emsec/faults); empty unless asked for. */
  readonly faults: FaultRules;
  /** The emulator's clock, when the clock given is movable (--emulator). */
  readonly movableClock: MovableClock | undefined;
  private readonly sweeper: NodeJS.Timeout;
  private sweeping: Promise<unknown> = Promise.resolve();
  private readonly unwatch: () => void;

  constructor(
    readonly store: Store,
    readonly directory: Directory,
    clock: Clock,
    sessionOptions: SessionOptions,
    /** What a reset starts from again; without it reset is refused. */
    private readonly resetOptions?: ResetOptions,
    /** Fault rules active from the start (the seed's); a reset brings back these and no others. */
    private readonly initialFaults: readonly FaultSpec[] = [],
  ) {
    this.movableClock = clock instanceof MovableClock ? clock : undefined;
    this.faults = new FaultRules(clock);
    for (const spec of initialFaults) this.faults.add(spec, 'seed');
    const version = new AuthzVersion();
    // Roles changed by another process reach live sessions too.
    this.unwatch = store.onExternalChange?.(() => version.bump()) ?? (() => undefined);
    this.audit = new AuditTrail(store, clock);
    this.sessions = new Sessions(store, directory, clock, version, sessionOptions, this.audit);
    this.accounts = new Accounts(store, directory, version, this.audit);
    this.scopes = new Scopes(store, clock, this.audit);
    this.lookup = new Lookup(store);
    this.restores = new Restores(store, directory);
    // Idle sessions nobody uses again are ended (and their expiry recorded) by a periodic sweep.
    this.sweeper = setInterval(() => {
      // A sweep the store cannot serve is simply retried at the next tick (requests see the outage).
      this.sweeping = this.sessions.sweep().catch(() => undefined);
    }, Math.min(60_000, Math.max(1_000, Math.floor(sessionOptions.idleTimeoutMs / 2))));
    this.sweeper.unref();
  }

  /** Stops the sweep; the store is closed by its owner. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.unwatch();
    await this.sweeping;
  }

  /** Back to the state of a fresh boot (and the seed): every session ends. The audit trail stays. */
  async reset(actor: Actor): Promise<void> {
    const options = this.resetOptions;
    await this.audit.run(actor, 'reset', '/emsec/reset', async (entry) => {
      if (!options) throw new Invalid('This server was started without reset support.');
      entry.describe({ after: { seed: options.seed !== undefined } });
      await resetStore(this.store, options, entry);
    });
    this.sessions.forgetAll();
    this.faults.clear();
    for (const spec of this.initialFaults) this.faults.add(spec, 'seed');
  }

  roles(): readonly Role[] {
    return ROLES;
  }

  role(id: string): Role {
    const role = isGuid(id) ? ROLES.find((r) => r.id === id.toLowerCase()) : undefined;
    if (!role) throw new NotFound(`Role '${id}' was not found.`);
    return role;
  }

  /** RebuildForCurrentUser means the caller's own account and their groups' accounts. */
  async rebuildScopes(mode: RebuildMode, caller: Principal, actor: Actor): Promise<TaskRecord> {
    const user = await this.directory.user(caller.session.userName);
    const own = user ? (await accountsOf(this.store, user)).map((a) => a.id) : [];
    return this.scopes.rebuild(mode, own, actor);
  }

  hierarchyRoots(): Promise<HierarchyRootRecord[]> {
    return this.store.inventory.roots();
  }

  async hierarchyRoot(id: string): Promise<HierarchyRootRecord> {
    const root = isGuid(id) ? await this.store.inventory.root(id.toLowerCase()) : undefined;
    if (!root) throw new NotFound(`Hierarchy root '${id}' was not found.`);
    return root;
  }

  tasks(): Promise<TaskRecord[]> {
    return this.store.tasks.list();
  }

  async task(id: string): Promise<TaskRecord> {
    const task = await this.store.tasks.byId(id);
    if (!task) throw new NotFound(`Task '${id}' was not found.`);
    return task;
  }

  /** "May USER do this operation, and why?" (GET /emsec/authz, `emsec can`). */
  explain(userName: string, op: Operation, emulated: (op: Operation) => boolean): Promise<Explanation> {
    return explain(this.store, this.directory, userName, op, emulated);
  }

  /** User and group names starting with `search`, from every directory (GET /emsec/directory). */
  suggestNames(search: string, limit: number): ReturnType<Directory['suggest']> {
    return this.directory.suggest(search, limit);
  }

  async deleteTask(id: string): Promise<void> {
    if (!(await this.store.write((tx) => tx.tasks.delete(id)))) throw new NotFound(`Task '${id}' was not found.`);
  }
}
