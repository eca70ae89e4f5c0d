// Slashing contagion model and the protocol delays that keep exiting stake slashable.
// Delay defaults are EigenLayer mainnet: DEALLOCATION_DELAY and MIN_WITHDRAWAL_DELAY_BLOCKS are
// 100800 blocks (14 days), ALLOCATION_CONFIGURATION_DELAY is 126000 blocks (17.5 days). Each delay
// becomes whole blocks, at least one (sim/world/blocks.ts).
import { z } from 'zod';
import { choice, duration, MAX_FACTOR, section } from './fields.js';

export const CONTAGION_MODELS = ['unique-stake', 'pooled', 'elastic'] as const;

export const securitySection = section('Restaking security and slashing contagion.', {
  contagion: choice(
    CONTAGION_MODELS,
    'unique-stake: deployed EigenLayer slashing; pooled: Durvasula-Roughgarden restaking graph; elastic: Bar-Zur-Eyal stretching allocations.',
    'unique-stake',
  ),
  deallocationDelay: duration('Time a deallocation stays slashable.', '14d'),
  withdrawalDelay: duration('Time a queued withdrawal stays slashable (chain.startBlock must exceed it in blocks).', '14d'),
  allocationConfigurationDelay: duration('Delay before an operator allocation-delay change takes effect.', '17.5d'),
  restakingDegree: z
    .number()
    .min(1)
    .max(MAX_FACTOR)
    .prefault(1.5)
    .describe('Elastic model only: sum of allocations over stake per validator (1 = no overlap).'),
});
