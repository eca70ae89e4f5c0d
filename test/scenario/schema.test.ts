// The zod schema and its JSON Schema: editors get a description and default for every field,
// and parsing is idempotent (expandRuns re-parses resolved scenarios).
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../sim/scenario/index.js';
import { scenarioSchema } from '../../sim/scenario/schema.js';
import { scenarioFrom } from './helpers.js';

interface JsonNode {
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonNode>;
  additionalProperties?: JsonNode | boolean;
  oneOf?: JsonNode[];
  required?: string[];
  patternProperties?: Record<string, JsonNode>;
}

/** Every property of every object, with its dotted path. */
function properties(node: JsonNode, at = ''): Array<[string, JsonNode]> {
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const path = at ? `${at}.${key}` : key;
    const nested = typeof child.additionalProperties === 'object' ? properties(child.additionalProperties, `${path}.*`) : [];
    return [[path, child] as [string, JsonNode], ...properties(child, path), ...nested];
  });
}

describe('JSON Schema', () => {
  const schema = scenarioJsonSchema() as JsonNode;
  const [marketBranch, mmcBranch] = schema.oneOf ?? [];

  it('survives a JSON round trip and has one branch per model', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(schema.oneOf).toHaveLength(2);
    expect(marketBranch?.properties?.['model']).toMatchObject({ const: 'market', default: 'market' });
    expect(mmcBranch?.properties?.['model']).toMatchObject({ const: 'mmc' });
  });

  it('describes every field', () => {
    for (const branch of [marketBranch!, mmcBranch!]) {
      const undocumented = properties(branch).filter(([, node]) => !node.description).map(([path]) => path);
      expect(undocumented).toEqual([]);
    }
  });

  it('shows defaults as a file would write them, and requires no name', () => {
    const providers = marketBranch!.properties!['providers']!;
    expect(providers.properties!['count']!.default).toBe(200);
    expect(marketBranch!.properties!['duration']!.default).toBe('30d');
    expect(marketBranch!.properties!['chain']!.properties!['blockTime']!.default).toBe('12s');
    expect(marketBranch!.required ?? []).not.toContain('name');
    expect(mmcBranch!.required).toEqual(['model']);
  });

  it('admits top-level dotted keys, as proposals use them', () => {
    const [pattern] = Object.keys(marketBranch!.patternProperties ?? {});
    const regex = new RegExp(pattern!);
    expect(regex.test('market.leaseAuction.takeRatePercent')).toBe(true);
    expect(regex.test('providers')).toBe(false);
  });
});

describe('parsing', () => {
  it('is the identity on an already parsed scenario', () => {
    const scenario = scenarioFrom('duration: 7d\nusers: { arrival: { rate: 30/h } }');
    expect(scenarioSchema.parse(scenario)).toEqual(scenario);
  });

  it('defaults the model to market', () => {
    expect(scenarioSchema.parse({ name: 'x' }).model).toBe('market');
  });
});
