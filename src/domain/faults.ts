// Fault rules of the emulator (/emsec/faults): which requests get an injected failure and what
// it is. Kept in memory per process (docs/decisions.md): a rule is test scaffolding, not state a
// client of the product could see. No HTTP here: server/fault-injection.ts applies what `take`
// returns.
import type { Clock } from './clock.ts';
import { NotFound, Invalid } from './errors.ts';
import { faultKind, faultSpecJson, type FaultSpec } from './fault-spec.ts';
import { isGuid, newId } from './ids.ts';

/** Bounds memory: a test suite needs a handful, a seed a few dozen. */
export const MAX_FAULT_RULES = 1_000;

export interface FaultRule {
  readonly id: string;
  readonly spec: FaultSpec;
  /** Where it came from: the API (or the CLI through it) or the seed file. */
  readonly origin: 'api' | 'seed';
  readonly createdAt: number;
  readonly pattern: RegExp;
  /** Matching requests left, when the rule has `times`. */
  remaining: number | undefined;
  /** Requests that matched it (method, path, user). */
  matched: number;
  /** Faults it injected (fewer than matched when it has a probability below 1). */
  injected: number;
}

/** A fault to inject into one request. */
export interface Injection {
  readonly rule: FaultRule;
  /** The delay drawn for this request (delayMs plus jitter). */
  readonly delayMs: number;
}

/**
 * A path pattern as a regular expression, ignoring case (the API's paths are case-insensitive):
 * `:id` and `{ID}` stand for one segment (the route table's and the reference's forms), `*` for
 * any characters within a segment, `**` for any number of segments; a trailing slash is optional.
 */
export function faultPathPattern(path: string): RegExp {
  const segments = path.replace(/\/+$/, '').split('/').slice(1);
  let source = '';
  for (const segment of segments) {
    if (segment === '**') {
      source += '(?:/[^/]*)*';
      continue;
    }
    const part = /^(:[A-Za-z_][\w]*|\{[^/{}]+\})$/.test(segment)
      ? '[^/]+'
      : segment.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
    source += `/${part}`;
  }
  return new RegExp(`^${source}/?$`, 'i');
}

export class FaultRules {
  private readonly rules: FaultRule[] = [];

  constructor(private readonly clock: Clock, private readonly random: () => number = Math.random) {}

  /** True when no rule can fire: the request path skips everything else. */
  get idle(): boolean {
    return !this.rules.some((r) => r.remaining !== 0);
  }

  add(spec: FaultSpec, origin: FaultRule['origin'] = 'api'): FaultRule {
    if (this.rules.length >= MAX_FAULT_RULES) throw new Invalid(`At most ${MAX_FAULT_RULES} fault rules may exist; delete some first.`);
    const rule: FaultRule = {
      id: newId(), spec, origin, createdAt: this.clock.now(), pattern: faultPathPattern(spec.path),
      remaining: spec.times, matched: 0, injected: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  get(id: string): FaultRule {
    const rule = isGuid(id) ? this.rules.find((r) => r.id === id.toLowerCase()) : undefined;
    if (!rule) throw new NotFound(`Fault rule '${id.slice(0, 64)}' was not found.`);
    return rule;
  }

  delete(id: string): void {
    const rule = this.get(id);
    this.rules.splice(this.rules.indexOf(rule), 1);
  }

  clear(): void {
    this.rules.length = 0;
  }

  /**
   * The fault for a request, if any: the oldest live rule that matches and whose probability
   * says yes. Every match counts against the rule's `times`, injected or not (the next N
   * matching requests). `userOf` is asked only when a rule names a user.
   */
  async take(method: string, path: string, userOf: () => Promise<string | null>): Promise<Injection | undefined> {
    let user: string | null | undefined;
    for (const rule of this.rules) {
      const { spec } = rule;
      if (rule.remaining === 0) continue;
      if (spec.method !== undefined && spec.method !== method) continue;
      if (!rule.pattern.test(path)) continue;
      if (spec.user !== undefined) {
        user ??= await userOf();
        if (user === null || user.toLowerCase() !== spec.user.toLowerCase()) continue;
      }
      // Another request may have used the last one while this one waited for its user.
      if (rule.remaining === 0) continue;
      rule.matched++;
      if (rule.remaining !== undefined) rule.remaining--;
      if (spec.probability < 1 && !(this.random() < spec.probability)) continue;
      rule.injected++;
      return { rule, delayMs: spec.delayMs + (spec.jitterMs > 0 ? Math.floor(this.random() * (spec.jitterMs + 1)) : 0) };
    }
    return undefined;
  }
}

/** A rule as GET /emsec/faults shows it. */
export function faultRuleJson(rule: FaultRule, href: string): Record<string, unknown> {
  return {
    id: rule.id,
    href,
    kind: faultKind(rule.spec),
    ...faultSpecJson(rule.spec),
    origin: rule.origin,
    createdAt: new Date(rule.createdAt).toISOString(),
    remaining: rule.remaining ?? null,
    matched: rule.matched,
    injected: rule.injected,
  };
}
