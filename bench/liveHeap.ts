// The live heap of one run in simulated time: every `period` simulated days, a full collection and
// V8's used heap, so what the run holds shows apart from the garbage V8 lets pile up (the peak
// resident set carries both). Runs the model in this process (the sources, through tsx), between
// the kernel's slices; the collections change nothing in what the run computes.
// Run: node --expose-gc --single-threaded-gc --max-semi-space-size=128 --min-semi-space-size=128 --import tsx bench/liveHeap.ts \
//        <scenario.yaml> <period in days> [--set path=value ...]
// e.g. bench/liveHeap.ts scenarios/baseline.yaml 7 --set duration=30d
import v8 from 'node:v8';
import { runModel } from '../sim/models.js';
import { expandRuns, loadScenario } from '../sim/scenario/index.js';

const [file, period, ...rest] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (file === undefined || !(Number(period) > 0) || gc === undefined) {
  console.error('usage: node --expose-gc --import tsx bench/liveHeap.ts <scenario.yaml> <period in days> [--set path=value ...]');
  process.exit(1);
}
const overrides = rest.filter((_, i) => rest[i - 1] === '--set');
const loaded = loadScenario(file, { overrides });
if (!loaded.ok) {
  console.error(JSON.stringify(loaded.problems));
  process.exit(2);
}
const [spec] = expandRuns(loaded.scenario, { replicates: 1 });
const every = Number(period) * 86_400;
let next = every;
const result = runModel(spec!, {
  progress: (simTime, events) => {
    if (simTime < next) return;
    gc();
    const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(1);
    console.log(`day ${(simTime / 86_400).toFixed(2)}: live heap ${mb(v8.getHeapStatistics().used_heap_size)} MB, ${events} events`);
    while (next <= simTime) next += every;
  },
});
console.log(`${result.status}, ${result.counters.events} events`);
