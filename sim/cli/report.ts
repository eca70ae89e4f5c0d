// `depin-lab report`: an HTML report (charts, tables, parameters) of a sweep's results directory.
import { writeReport } from '../report/index.js';
import { EXIT_OK, optionalString, type CliIo, type ParsedArgs } from './command.js';
import { writeJson } from './steps.js';

export async function commandReport(args: ParsedArgs, io: CliIo): Promise<number> {
  const dir = args.positionals[0]!;
  const written = await writeReport(dir, optionalString(args.values['html']), { command: `depin-lab report ${dir}` });
  if (args.values['json']) writeJson(io, written);
  else io.stdout.write(`report: ${written.indexHtml} (${written.charts.length} chart files)\n`);
  return EXIT_OK;
}
