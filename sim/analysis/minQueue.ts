// A binary min-heap on a numeric key: the attack search's queue of service sets, cheapest bound first.
export class MinQueue<T> {
  private readonly keys: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  push(key: number, item: T): void {
    let at = this.items.length;
    this.keys.push(key);
    this.items.push(item);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if ((this.keys[parent] as number) <= key) break;
      this.move(parent, at);
      at = parent;
    }
    this.keys[at] = key;
    this.items[at] = item;
  }

  /** The item of least key (undefined when empty). */
  pop(): T | undefined {
    const top = this.items[0];
    const lastKey = this.keys.pop();
    const lastItem = this.items.pop();
    const size = this.items.length;
    if (size === 0 || lastKey === undefined || lastItem === undefined) return top;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && (this.keys[child + 1] as number) < (this.keys[child] as number)) child++;
      if ((this.keys[child] as number) >= lastKey) break;
      this.move(child, at);
      at = child;
    }
    this.keys[at] = lastKey;
    this.items[at] = lastItem;
    return top;
  }

  private move(from: number, to: number): void {
    this.keys[to] = this.keys[from] as number;
    this.items[to] = this.items[from] as T;
  }
}
