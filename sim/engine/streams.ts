// Named random streams of one run. Each stream is its own alea generator seeded from the pair
// (run seed, stream name), so streams never share state: adding, removing or reordering the
// draws of one stream leaves every other stream's draws unchanged.
import seedrandom from 'seedrandom';
import { RandomStream, type Uniform01 } from './random.js';

export interface Streams {
  /** The stream with this name; asking twice for a name returns the same stream. */
  get(name: string): RandomStream;
}

/** The seed string of a stream: JSON keeps ("a", "bc") and ("ab", "c") apart. */
export function streamSeed(runSeed: string, name: string): string {
  return JSON.stringify([runSeed, name]);
}

export function streams(runSeed: string): Streams {
  const byName = new Map<string, RandomStream>();
  return {
    get(name: string): RandomStream {
      let stream = byName.get(name);
      if (stream === undefined) {
        stream = new RandomStream(seededAtFirstDraw(streamSeed(runSeed, name)));
        byName.set(name, stream);
      }
      return stream;
    },
  };
}

/**
 * alea for `seed`, seeded at the stream's first draw rather than when the stream is made. A world
 * makes streams for every agent (two per staker), many are never drawn from in a run, and seeding
 * one (seedrandom's Mash over the seed string) costs 10-30 us: 4-5% of a short run with 1,000
 * stakers. The draws are alea's for that seed either way.
 */
function seededAtFirstDraw(seed: string): Uniform01 {
  let draw: Uniform01 | undefined;
  return () => (draw ??= seedrandom.alea(seed))();
}
