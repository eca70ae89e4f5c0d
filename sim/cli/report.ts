// `depin-lab report`: an HTML report (the study's question and answer first, then charts, tables,
// parameters) of a sweep's results directory. Given a scenario's directory holding several sweeps,
// it reports the latest and says which, listing the others.
import { findSweep, writeReport, type SweepListing } from '../report/index.js';
import { EXIT_OK, optionalString, type CliIo, type ParsedArgs } from './command.js';
import { writeJson } from './steps.js';

export async function commandReport(args: ParsedArgs, io: CliIo): Promise<number> {
  const choice = findSweep(args.positionals[0]!);
  if (choice.among) io.stderr.write(choiceNote(args.positionals[0]!, choice.among));
  const written = await writeReport(choice.dir, optionalString(args.values['html']));
  if (args.values['json']) writeJson(io, { sweep: choice.dir, ...(choice.among ? { among: choice.among } : {}), ...written });
  else io.stdout.write(`report: ${written.indexHtml} (${written.charts.length} chart files), from ${choice.dir}\n`);
  return EXIT_OK;
}

function choiceNote(path: string, among: readonly SweepListing[]): string {
  const line = (sweep: SweepListing) => `  ${sweep.id}  ${sweep.written} UTC  ${sweep.runs} runs  ${sweep.what}`;
  const [latest, ...others] = among;
  return [
    `depin-lab: ${path} holds ${among.length} sweeps; reporting the latest, ${latest!.id} (name another's directory to report it):`,
    `${line(latest!)}  <- reported`,
    ...others.map(line),
    '',
  ].join('\n');
}
