// The JSON Schema editors use to autocomplete and check scenario files (`depin-lab schema`). It
// describes what a file may contain (the input side: "30d" as well as 2592000).
import { z } from 'zod';
import { scenarioSchema } from './schema.js';

// Top-level keys such as "market.postedPrice.step" (see compose.ts).
const DOTTED_KEY = '^[^.]+(\\.[^.]+)+$';

export function scenarioJsonSchema(): object {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  for (const option of (schema['oneOf'] as Array<{ required?: string[]; patternProperties?: object }> | undefined) ?? []) {
    // The loader names a file after itself when it has no `name`, so no file must write one.
    if (option.required) option.required = option.required.filter((key) => key !== 'name');
    option.patternProperties = {
      [DOTTED_KEY]: { description: 'A dotted path that sets one nested field, e.g. market.postedPrice.step: 0.2.' },
    };
  }
  return { ...schema, title: 'depin-lab scenario', description: 'A depin-lab scenario file (YAML or JSON).' };
}
