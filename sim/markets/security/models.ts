// security.contagion → its model: the one place that maps a model's name to its file.
import type { ContagionModel, ContagionModelName, ModelHost } from './contagionModel.js';
import { ElasticModel } from './elastic.js';
import { PooledModel } from './pooled.js';
import { UniqueStakeModel } from './uniqueStake.js';

const MODELS: Readonly<Record<ContagionModelName, new (host: ModelHost) => ContagionModel>> = {
  'unique-stake': UniqueStakeModel,
  pooled: PooledModel,
  elastic: ElasticModel,
};

export function createContagionModel(name: ContagionModelName, host: ModelHost): ContagionModel {
  return new MODELS[name](host);
}
