// The one definition of every metric a model reports: its name, unit, domain, group and meaning.
// Each model declares its metrics beside the code that records them (one line per metric, built
// with the helpers below); the recorder refuses a metric that is not declared, the scenario layer
// checks the names in `checks`, `compare` and `report` against the declarations before anything
// runs, and the command line and the reports read units, domains and groups from here.

/** The per-run statistics of a sampled series. */
export type SeriesStat = 'min' | 'max' | 'mean' | 'last';

/** Where a metric is shown in a run's summary, in this order ('queue' is the M/M/c validation model's). */
export const METRIC_GROUPS = ['market', 'providers', 'users', 'chain', 'security', 'invariants', 'queue'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

/** A unit and the values it can take (inclusive; an unbounded side is ±Infinity). */
export interface Unit {
  readonly unit: string;
  readonly min: number;
  readonly max: number;
}

/** A share of a whole, in [0, 1]. */
export const FRACTION: Unit = { unit: 'fraction', min: 0, max: 1 };

/** A count or amount that cannot be negative, in `unit` (jobs, blocks, USD, ...). */
export function nonNegative(unit: string): Unit {
  return { unit, min: 0, max: Infinity };
}

/** An amount that may have either sign (a margin, a profit), in `unit`. */
export function signed(unit: string): Unit {
  return { unit, min: -Infinity, max: Infinity };
}

/**
 * 'series': sampled over the run, reported as `name.stat` for each of its `stats`;
 * 'summary': one number per run; 'counter': one of a run's counters (events, blocks, ...).
 */
export type MetricKind = 'series' | 'summary' | 'counter';

export interface MetricDeclaration extends Unit {
  readonly name: string;
  readonly kind: MetricKind;
  readonly group: MetricGroup;
  /** One line: what the number is. */
  readonly meaning: string;
  /** For a series, the per-run statistics its summary holds. */
  readonly stats: readonly SeriesStat[];
}

export function series(name: string, group: MetricGroup, unit: Unit, stats: readonly SeriesStat[], meaning: string): MetricDeclaration {
  return { name, kind: 'series', group, ...unit, stats, meaning };
}

export function summary(name: string, group: MetricGroup, unit: Unit, meaning: string): MetricDeclaration {
  return { name, kind: 'summary', group, ...unit, stats: [], meaning };
}

export function counter(name: string, group: MetricGroup, unit: Unit, meaning: string): MetricDeclaration {
  return { name, kind: 'counter', group, ...unit, stats: [], meaning };
}

/** One number of a run's summary (or counters) and the declaration it comes from. */
export interface ReportedMetric extends Unit {
  /** As it appears in the summary: `utilization.mean`, `fill_rate`. */
  readonly name: string;
  readonly declaration: MetricDeclaration;
  /** The series statistic, for a series. */
  readonly stat?: SeriesStat;
  readonly group: MetricGroup;
  readonly meaning: string;
}

const STAT_PHRASES: Readonly<Record<SeriesStat, string>> = { min: 'smallest sample', max: 'largest sample', mean: 'mean of the samples', last: 'at the end' };

export class MetricCatalog {
  readonly #declarations = new Map<string, MetricDeclaration>();
  readonly #reported = new Map<string, ReportedMetric>();

  constructor(declarations: readonly MetricDeclaration[]) {
    for (const declaration of declarations) {
      if (this.#declarations.has(declaration.name)) throw new Error(`metric '${declaration.name}' is declared twice`);
      this.#declarations.set(declaration.name, declaration);
      for (const metric of reportedMetrics(declaration)) this.#reported.set(metric.name, metric);
    }
  }

  /** The declaration of a recorded series, summary or counter, by the name it is recorded under. */
  declaration(name: string): MetricDeclaration | undefined {
    return this.#declarations.get(name);
  }

  /** A number a run reports in its summary or counters, by its reported name. */
  reported(name: string): ReportedMetric | undefined {
    return this.#reported.get(name);
  }

  /** Every name a run's summary can hold (what `checks`, `compare` and `report` may name), in declaration order. */
  summaryNames(): string[] {
    return [...this.#reported.values()].filter((metric) => metric.declaration.kind !== 'counter').map((metric) => metric.name);
  }

  /** Every declaration, in order. */
  declarations(): MetricDeclaration[] {
    return [...this.#declarations.values()];
  }

  /** Every reported number, summary and counters, in declaration order. */
  all(): ReportedMetric[] {
    return [...this.#reported.values()];
  }

  /** What is wrong with reported numbers: a name not declared, NaN, or a value outside its domain. Empty when nothing is. */
  problems(reported: Readonly<Record<string, number>>): string[] {
    return Object.entries(reported).flatMap(([name, value]) => {
      const metric = this.#reported.get(name);
      if (metric === undefined) return [`${name}: not declared`];
      if (Number.isNaN(value)) return [`${name}: NaN`];
      return value < metric.min || value > metric.max ? [`${name}: ${value} outside [${metric.min}, ${metric.max}] ${metric.unit}`] : [];
    });
  }
}

function reportedMetrics(declaration: MetricDeclaration): ReportedMetric[] {
  const { unit, min, max, group } = declaration;
  if (declaration.kind !== 'series') return [{ name: declaration.name, declaration, unit, min, max, group, meaning: declaration.meaning }];
  return declaration.stats.map((stat) => ({
    name: `${declaration.name}.${stat}`,
    declaration,
    stat,
    unit,
    min,
    max,
    group,
    meaning: `${declaration.meaning} (${STAT_PHRASES[stat]})`,
  }));
}
