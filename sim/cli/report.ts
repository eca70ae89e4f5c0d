// `depin-lab report`: an HTML report (charts, tables, parameters) of a sweep's results directory.
import { writeReport } from '../report/index.js';
import { COMMON, EXIT_OK, optionalString, type CliIo, type Command, type ParsedArgs } from './command.js';
import { writeJson } from './steps.js';

export const reportCommand: Command = {
  summary: 'build an HTML report (charts, tables, parameters) from a sweep results directory',
  usage: 'report <results-dir> [--html DIR] [--json]',
  options: { ...COMMON, html: { type: 'string' } },
  positionals: ['resultsDir'],
  run: commandReport,
};

async function commandReport(args: ParsedArgs, io: CliIo): Promise<number> {
  const dir = args.positionals[0]!;
  const written = await writeReport(dir, optionalString(args.values['html']), { command: `depin-lab report ${dir}` });
  if (args.values['json']) writeJson(io, written);
  else io.stdout.write(`report: ${written.indexHtml} (${written.charts.length} chart files)\n`);
  return EXIT_OK;
}
