// Preloaded (node --import) into a child run of bench/memory.ts: when the process exits, prints on
// stderr, as its last line, the process's peak resident set and CPU time from getrusage.
process.on('exit', () => {
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  process.stderr.write(`\n${JSON.stringify({ peakRssKb: maxRSS, cpuUs: userCPUTime + systemCPUTime })}\n`);
});
