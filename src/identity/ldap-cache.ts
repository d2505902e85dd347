// A bounded least-recently-used cache whose entries are fresh for a time to live and kept after
// it, so the last known answer can stand in while the directory cannot be asked.

interface Slot<V> {
  readonly value: V;
  readonly at: number;
}

export class TtlCache<V> {
  private readonly slots = new Map<string, Slot<V>>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.slots.size;
  }

  /** The value when it is younger than the time to live. */
  fresh(key: string): V | undefined {
    const slot = this.slots.get(key);
    if (!slot || this.now() - slot.at >= this.ttlMs) return undefined;
    this.touch(key, slot);
    return slot.value;
  }

  /** The value of any age (the last known answer). */
  stale(key: string): V | undefined {
    const slot = this.slots.get(key);
    if (slot) this.touch(key, slot);
    return slot?.value;
  }

  set(key: string, value: V): void {
    this.slots.delete(key);
    this.slots.set(key, { value, at: this.now() });
    while (this.slots.size > this.maxEntries) {
      const oldest = this.slots.keys().next().value as string;
      this.slots.delete(oldest);
    }
  }

  delete(key: string): void {
    this.slots.delete(key);
  }

  clear(): void {
    this.slots.clear();
  }

  private touch(key: string, slot: Slot<V>): void {
    this.slots.delete(key);
    this.slots.set(key, slot);
  }
}
