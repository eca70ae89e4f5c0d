// A first-in first-out queue of times in a growable ring buffer: no allocation per customer.
export class TimeQueue {
  private buffer = new Float64Array(64);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(time: number): void {
    if (this.count === this.buffer.length) this.grow();
    this.buffer[(this.head + this.count) % this.buffer.length] = time;
    this.count++;
  }

  shift(): number {
    if (this.count === 0) throw new RangeError('shift from an empty queue');
    const time = this.buffer[this.head] as number;
    this.head = (this.head + 1) % this.buffer.length;
    this.count--;
    return time;
  }

  private grow(): void {
    const grown = new Float64Array(this.buffer.length * 2);
    for (let i = 0; i < this.count; i++) grown[i] = this.buffer[(this.head + i) % this.buffer.length] as number;
    this.buffer = grown;
    this.head = 0;
  }
}
