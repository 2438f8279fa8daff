export interface AlarmEntry {
  at: number;
  customerId: string;
}

function before(a: AlarmEntry, b: AlarmEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.customerId < b.customerId);
}

/**
 * A binary min-heap of alarms by time (ties by customer id, so ringing order is
 * deterministic). Moved or removed alarms are left in place and skipped when
 * they surface, which keeps every operation O(log n).
 */
export class AlarmHeap {
  private readonly items: AlarmEntry[] = [];

  push(entry: AlarmEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  /** The earliest entry for which `isCurrent` holds, discarding stale ones on the way. */
  peek(isCurrent: (entry: AlarmEntry) => boolean): AlarmEntry | undefined {
    while (this.items.length > 0 && !isCurrent(this.items[0]!)) this.pop();
    return this.items[0];
  }

  private pop(): void {
    const items = this.items;
    const last = items.pop()!;
    if (items.length === 0) return;
    items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && before(items[left]!, items[smallest]!)) smallest = left;
      if (right < items.length && before(items[right]!, items[smallest]!)) smallest = right;
      if (smallest === i) break;
      [items[i], items[smallest]] = [items[smallest]!, items[i]!];
      i = smallest;
    }
  }
}
