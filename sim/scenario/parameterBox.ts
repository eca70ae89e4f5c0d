// The box a study works in, and the way back to scenario values. A study's estimators and optimiser
// see each parameter as one coordinate: its amount in the unit the file wrote ("10/h" is 10), or
// the logarithm of the amount on a log scale. A point of the box becomes the amounts (exponentiated
// on a log scale, rounded when the range says integer), and those become the SI values a scenario
// field holds (10/h is 10/3600 per second). Both directions live here so that a run, a report and
// a proposal file all read the same numbers.
import type { StudyRange } from './sections/studyRange.js';
import type { Assignment } from './sweepPoints.js';
import { formatQuantity, quantityValue } from './units.js';

export interface StudyParameter extends StudyRange {
  /** Dotted path of the scenario field. */
  readonly path: string;
}

export class ParameterBox {
  readonly parameters: readonly StudyParameter[];

  constructor(ranges: Readonly<Record<string, StudyRange>>) {
    this.parameters = Object.entries(ranges).map(([path, range]) => ({ path, ...range }));
  }

  /** One [low, high] per parameter, in the coordinates the study searches (log of the amount on a log scale). */
  get bounds(): [number, number][] {
    return this.parameters.map((p) => (p.scale === 'log' ? [Math.log(p.min), Math.log(p.max)] : [p.min, p.max]));
  }

  /** The amounts, in each parameter's unit, at a point of the box. */
  amounts(point: readonly number[]): number[] {
    return this.parameters.map((p, i) => {
      const coordinate = point[i] as number;
      const amount = p.scale === 'log' ? Math.exp(coordinate) : coordinate;
      return p.integer ? Math.round(amount) : amount;
    });
  }

  /** The scenario values (SI units) that a point of the box sets, by dotted path. */
  assignment(point: readonly number[]): Assignment {
    const amounts = this.amounts(point);
    return this.parameters.map((p, i) => [p.path, quantityValue(amounts[i] as number, p.unit)] as const);
  }

  /** "34.2/h": parameter i's amount as the file would write it. */
  describe(i: number, amount: number): string {
    return formatQuantity(amount, this.parameters[i]!.unit);
  }
}
