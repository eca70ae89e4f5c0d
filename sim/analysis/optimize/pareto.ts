// The Pareto front: the points no other point beats on every objective at once.

export type Goal = 'minimize' | 'maximize';

/** True when a is at least as good as b on every objective and strictly better on one. */
export function dominates(a: readonly number[], b: readonly number[], goals: readonly Goal[]): boolean {
  let strictlyBetter = false;
  for (let j = 0; j < goals.length; j++) {
    const sign = goals[j] === 'minimize' ? 1 : -1;
    const difference = sign * ((b[j] as number) - (a[j] as number));
    if (difference < 0) return false;
    if (difference > 0) strictlyBetter = true;
  }
  return strictlyBetter;
}

/** Indices of the non-dominated vectors, in input order. Equal vectors do not dominate each other. */
export function paretoFront(values: readonly (readonly number[])[], goals: readonly Goal[]): number[] {
  return values.flatMap((v, i) => (values.some((other, j) => j !== i && dominates(other, v, goals)) ? [] : [i]));
}
