// Walks the zod schema along a data path to find which keys an object accepts there: what an
// "unknown key" problem lists and what its suggestion is chosen from.
import type { z } from 'zod';
import { getAt, type Path } from './paths.js';
import { unitFields } from './sections/fields.js';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  element?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;

/** Strips wrappers (defaults, optionals, transforms) down to the schema that checks the shape. */
function unwrap(schema: z.ZodType, value: unknown): z.ZodType {
  for (;;) {
    const def = defOf(schema);
    if (def.innerType) schema = def.innerType;
    else if (def.type === 'pipe' && def.in) schema = def.in;
    else if (def.type === 'union' && def.options) {
      // A discriminated union: the option that accepts this value's discriminator, else the first.
      const match = def.options.find((option) => {
        const shape = defOf(unwrap(option, undefined)).shape;
        const discriminator = shape?.['model'];
        return discriminator?.safeParse((value as Record<string, unknown> | undefined)?.['model']).success;
      });
      const next = match ?? def.options[0];
      if (!next) return schema;
      schema = next;
    } else return schema;
  }
}

/** The schema for the value at `path` of `root` (undefined when the path leaves the schema). */
export function schemaAt(schema: z.ZodType, root: unknown, path: Path): z.ZodType | undefined {
  let node: z.ZodType = unwrap(schema, root);
  for (let i = 0; i < path.length; i += 1) {
    const def = defOf(node);
    const segment = path[i] as string | number;
    const child = def.shape?.[String(segment)] ?? def.valueType ?? def.element;
    if (!child) return undefined;
    node = unwrap(child, getAt(root, path.slice(0, i + 1)));
  }
  return node;
}

/** The keys an object at `path` accepts, in declaration order; undefined if it is not a fixed object. */
export function knownKeysAt(schema: z.ZodType, root: unknown, path: Path): string[] | undefined {
  const node = schemaAt(schema, root, path);
  const shape = node ? defOf(node).shape : undefined;
  return shape ? Object.keys(shape) : undefined;
}

/** Whether the field at `path` takes a duration or a rate (sections/fields.ts registers them), or neither. */
export function unitKindAt(schema: z.ZodType, root: unknown, path: Path): 'duration' | 'rate' | undefined {
  const parent = schemaAt(schema, root, path.slice(0, -1));
  const def = parent ? defOf(parent) : undefined;
  let node: z.ZodType | undefined = def?.shape?.[String(path[path.length - 1])] ?? def?.valueType ?? def?.element;
  while (node) {
    const kind = unitFields.get(node)?.unit;
    if (kind) return kind;
    node = defOf(node).innerType;
  }
  return undefined;
}

/** Whether the field at `path` takes whole numbers only (so a problem can say "an integer"). */
export function isIntegerAt(schema: z.ZodType, root: unknown, path: Path): boolean {
  const node = schemaAt(schema, root, path) as { format?: string | null } | undefined;
  return node?.format?.includes('int') ?? false;
}
