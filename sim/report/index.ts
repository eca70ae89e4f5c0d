// The report layer's public API: for the command line, for the notebooks, and for anyone who
// wants a results directory as tables and charts.
export { findSweep, loadSweepResults, ReportError, type SweepChoice, type SweepListing, type SweepResults, type SweepRun } from './sweepResults.js';
export { sweepAxes, flattenParams, pointLabel, type SweepAxis } from './sweepAxes.js';
export { runsTable, metricsTable, seriesTable, rows, type Row } from './tables.js';
export { summarizeMetrics, seriesBands, CONFIDENCE, type MetricSummary } from './aggregate.js';
export { sweepChart, distributionChart, seriesChart, armsChart, differenceChart, field } from './charts.js';
export { renderSvg, svgToPng } from './render.js';
export { compareResultDirectories, type Arm, type ArmRun, type ComparisonInput } from './comparison.js';
export { writeReport } from './sweepReport.js';
export { writeComparisonReport } from './comparisonReport.js';
export type { WrittenReport } from './output.js';
