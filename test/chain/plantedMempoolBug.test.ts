// Planted bugs in the threshold tree's augmentation (each node's best of its subtree by tip and by
// fee), the one thing the mempool's ranking rests on: the unmodified Mempool runs on a tree whose
// `augment` is wrong in one way (the module is swapped for this file only), and the property of
// mempoolProperty.ts must go red for each. With no bug planted the swapped tree must pass it, so a
// red here is the bug's doing, not the swap's.
import { describe, expect, it, vi } from 'vitest';
import { agreesWithRankingAfresh, smallOrHugeFee, swingingFee } from './mempoolProperty.js';

type Plant = 'none' | 'fee forgets the right subtree' | 'tip ties go to the later submission';
const planted = vi.hoisted(() => ({ bug: 'none' as Plant }));

vi.mock('../../sim/chain/thresholdTree.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../sim/chain/thresholdTree.js')>();
  class PlantedTree<N extends import('../../sim/chain/thresholdTree.js').TreeNode> extends real.ThresholdTree<N> {
    protected override augment(n: N): void {
      super.augment(n);
      if (planted.bug === 'fee forgets the right subtree') {
        n.bestFee = n.left && real.outranks(n.left.bestFee.maxFee, n.maxFee, n.left.bestFee.seq, n.seq) ? n.left.bestFee : n;
      } else if (planted.bug === 'tip ties go to the later submission') {
        for (const child of [n.left, n.right]) {
          if (child && child.bestTip.maxTip === n.bestTip.maxTip && child.bestTip.seq > n.bestTip.seq) n.bestTip = child.bestTip;
        }
      }
    }
  }
  return { ...real, ThresholdTree: PlantedTree };
});

const property = (fee: typeof smallOrHugeFee) => () => agreesWithRankingAfresh({ fee, baseFee: fee, slack: 1024, numRuns: 300, seed: 13 });

describe('planted bugs in the mempool tree augmentation', () => {
  it('with none planted, the swapped-in tree passes', () => {
    planted.bug = 'none';
    expect(property(smallOrHugeFee)).not.toThrow();
  });

  it.each(['fee forgets the right subtree', 'tip ties go to the later submission'] as const)('%s: the property goes red', (bug) => {
    planted.bug = bug;
    expect(property(smallOrHugeFee)).toThrow();
    expect(property(swingingFee)).toThrow();
    planted.bug = 'none';
  });
});
