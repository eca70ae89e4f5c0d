// The proposal file of a recommended point: a scenario that extends the searched scenario and sets
// the point's parameters, with the objectives as guarded metrics, so that `depin-lab compare
// <scenario> <proposal>` runs both on the same seeds and gives the verdicts the search reported.
// Values are written as the SI numbers the search's runs used (shortest round-trip form), each with
// its amount in the unit of the study beside it, so the proposal reproduces the runs bit for bit.
import { formatQuantity, quantityValue } from '../scenario/units.js';
import type { Guard } from '../runner/compare.js';
import type { RecommendedPoint, SearchPlan } from './optimizeSearch.js';

/** First words of every proposal file the command writes: what it may replace, and nothing else. */
export const PROPOSAL_MARKER = '# Written by `depin-lab optimize';

export function proposalName(scenarioName: string, rank: number): string {
  return `${scenarioName}-${rank}`;
}

export interface ProposalContext {
  readonly plan: SearchPlan;
  readonly searchId: string;
  /** The searched scenario file as the command was given it, and as the proposal's `extends` reaches it. */
  readonly scenarioFile: string;
  readonly extendsPath: string;
  /** The proposal's own path, for the command that reproduces it. */
  readonly proposalFile: string;
  readonly recommendations: number;
  /** --set overrides the search ran with: `compare` runs the files as written, so they are named. */
  readonly overrides: readonly string[];
}

export function proposalText(point: RecommendedPoint, context: ProposalContext): string {
  const { plan } = context;
  const objectives = plan.objectives.map((o) => `${o.metric} (${o.goal})`).join(' and ');
  const kind = plan.objectives.length > 1 ? `a point of the Pareto front of ${objectives}` : `the best point for ${objectives}`;
  const lines = [
    `${PROPOSAL_MARKER} ${context.scenarioFile}\` (search ${context.searchId}):`,
    `# recommendation ${point.rank} of ${context.recommendations}, ${kind}.`,
    `# Against the baseline on the same ${plan.replicates} seeds (proposal - baseline, 95% bootstrap interval):`,
    ...point.comparisons.map((c) => `#   ${c.metric}: ${signed(c.meanDifference)} [${signed(c.interval.lower)}, ${signed(c.interval.upper)}], ${c.verdict}`),
    `# \`depin-lab compare ${context.scenarioFile} ${context.proposalFile} --seeds ${plan.replicates}\` reproduces these figures` +
      (context.overrides.length === 0 ? '.' : `\n# once the scenario file carries what the search set on the command line: ${context.overrides.join(' ')}.`),
    `extends: ${context.extendsPath}`,
    '',
    ...plan.box.parameters.map((p, i) => {
      const amount = point.amounts[i] as number;
      const unit = p.unit === '' ? '' : `  # ${formatQuantity(amount, p.unit)}`;
      return `${yamlKey(p.path)}: ${String(quantityValue(amount, p.unit))}${unit}`;
    }),
    '',
    'compare:',
    ...Object.entries(point.guards).map(([metric, guard]: [string, Guard]) => `  ${yamlKey(metric)}: { better: ${guard.better}, threshold: ${guard.threshold} }`),
    '',
  ];
  return lines.join('\n');
}

/** A key as plain YAML when it is a dotted path or a metric name of safe characters, else quoted. */
function yamlKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) ? key : JSON.stringify(key);
}

function signed(x: number): string {
  const text = Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-4) ? x.toExponential(4) : String(Number(x.toPrecision(6)));
  return x > 0 ? `+${text}` : text;
}
