// Argument checks shared by both kernels, so that a bad call fails the same way on either.

export function checkDelay(delay: number): void {
  if (!(delay >= 0) || !Number.isFinite(delay)) {
    throw new RangeError(`event delay must be a finite number >= 0, got ${delay}`);
  }
}

export function checkPriority(priority: number): void {
  if (!Number.isFinite(priority)) throw new RangeError(`event priority must be a finite number, got ${priority}`);
}

export function checkHorizon(until: number, now: number): void {
  if (!Number.isFinite(until) || until < now) {
    throw new RangeError(`run horizon must be a finite time >= now (${now}), got ${until}`);
  }
}

export function checkEventBudget(maxEvents: number): void {
  if (!(maxEvents >= 0) || (Number.isFinite(maxEvents) && !Number.isInteger(maxEvents))) {
    throw new RangeError(`event budget must be a whole number >= 0 or Infinity, got ${maxEvents}`);
  }
}
