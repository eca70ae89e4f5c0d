// A compiled-Solidity oracle for differential tests (contracts spec §5): compile a harness with solc,
// deploy it into an in-process EVM, and call its functions with bigint arguments. The ports in
// sim/contracts are held against what the EVM computes, reverts included.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createEVM, type EVM } from '@ethereumjs/evm';
import { bytesToHex, hexToBytes, type Address as EvmAddress } from '@ethereumjs/util';
// A dependency of @ethereumjs/evm; needed to derive custom-error selectors, which solc does not list.
import { keccak_256 } from '@noble/hashes/sha3.js';
import seedrandom from 'seedrandom';
import { errorNameOf } from '../../sim/contracts/errors.js';

export type CallResult = { ok: true; values: bigint[] } | { ok: false; error: string };

export interface Harness {
  /** Calls `signature` (e.g. `mulDiv(uint256,uint256,uint256)`) with one bigint per static word. */
  call(signature: string, args: readonly bigint[]): Promise<CallResult>;
}

const SOLC_VERSION = '0.8.27';
const OZ_PREFIX = 'oz-contracts-4-9/';
const CACHE_DIR = join(process.cwd(), '.cache', 'solc');
const ERROR_STRING_SELECTOR = '0x08c379a0';
const PANIC_SELECTOR = '0x4e487b71';
const GAS_LIMIT = 30_000_000n;
const WORD = 1n << 256n;

interface AbiParam {
  type: string;
  name?: string;
  components?: AbiParam[];
}
interface AbiEntry {
  type: string;
  name?: string;
  inputs?: AbiParam[];
  outputs?: AbiParam[];
}
interface CompiledContract {
  abi: AbiEntry[];
  bytecode: string;
}
type CompiledUnits = Record<string, Record<string, CompiledContract>>;

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: AbiEntry[]; evm: { bytecode: { object: string } } }>>;
}
interface Solc {
  version(): string;
  compile(input: string, callbacks: { import: (path: string) => { contents: string } | { error: string } }): string;
}

const requireFromHere = createRequire(import.meta.url);

/** Compiles `files` (source unit name -> Solidity text), deploys `contractName` and returns a caller. */
export async function deployHarness(files: Record<string, string>, contractName: string): Promise<Harness> {
  const units = compileCached(files);
  const contract = Object.values(units)
    .map((byName) => byName[contractName])
    .find((c): c is CompiledContract => c !== undefined);
  if (contract === undefined) throw new Error(`contract ${contractName} not found in the compiled sources`);
  if (contract.bytecode === '') throw new Error(`contract ${contractName} is abstract or an interface`);

  const evm = await createEVM();
  const created = await evm.runCall({ data: hexToBytes(`0x${contract.bytecode}`), gasLimit: GAS_LIMIT });
  if (created.execResult.exceptionError !== undefined || created.createdAddress === undefined) {
    throw new Error(`deploying ${contractName} failed: ${created.execResult.exceptionError?.error ?? 'no address'}`);
  }
  return new EvmHarness(evm, created.createdAddress, contract.abi);
}

class EvmHarness implements Harness {
  private readonly functions = new Map<string, { selector: `0x${string}`; inputs: string[]; outputs: string[] }>();
  private readonly errorNames = new Map<string, string>();

  constructor(
    private readonly evm: EVM,
    private readonly address: EvmAddress,
    abi: AbiEntry[],
  ) {
    for (const entry of abi) {
      if (entry.name === undefined) continue;
      const signature = `${entry.name}(${(entry.inputs ?? []).map(canonicalType).join(',')})`;
      if (entry.type === 'function') {
        this.functions.set(signature, {
          selector: selectorOf(signature),
          inputs: (entry.inputs ?? []).map(canonicalType),
          outputs: (entry.outputs ?? []).map(canonicalType),
        });
      } else if (entry.type === 'error') {
        this.errorNames.set(selectorOf(signature), entry.name);
      }
    }
  }

  async call(signature: string, args: readonly bigint[]): Promise<CallResult> {
    const fn = this.functions.get(signature.replace(/\s+/g, ''));
    if (fn === undefined) throw new Error(`no function ${signature}; have ${[...this.functions.keys()].join(', ')}`);
    const words = encodeWords(fn.inputs, args, signature);
    const data = hexToBytes(`${fn.selector}${words.map((w) => w.toString(16).padStart(64, '0')).join('')}`);
    const result = await this.evm.runCall({ to: this.address, data, gasLimit: GAS_LIMIT });
    const { exceptionError, returnValue } = result.execResult;
    if (exceptionError === undefined) return { ok: true, values: decodeWords(fn.outputs, returnValue) };
    if (exceptionError.error !== 'revert') return { ok: false, error: exceptionError.error };
    return { ok: false, error: this.revertName(returnValue) };
  }

  private revertName(data: Uint8Array): string {
    if (data.length === 0) return '';
    const selector = bytesToHex(data.subarray(0, 4));
    if (selector === ERROR_STRING_SELECTOR) return 'Error';
    if (selector === PANIC_SELECTOR) {
      const code = BigInt(bytesToHex(data.subarray(4, 36)));
      return `Panic(0x${code.toString(16).padStart(2, '0')})`;
    }
    return this.errorNames.get(selector) ?? selector;
  }
}

/**
 * Runs a TypeScript port and reports it the way `Harness.call` reports the EVM, so the two compare
 * with one `toEqual`. A thrown `Revert`/`Panic` becomes its error name; anything else propagates.
 */
export function portOutcome(run: () => bigint | readonly bigint[]): CallResult {
  try {
    const result = run();
    return { ok: true, values: typeof result === 'bigint' ? [result] : [...result] };
  } catch (e) {
    return { ok: false, error: errorNameOf(e) };
  }
}

// ---- ABI: static types only, one 32-byte word per scalar; a fixed array T[k] takes k words ----

function canonicalType(param: AbiParam): string {
  if (param.type.startsWith('tuple')) throw new Error('tuple parameters are not supported by this harness caller');
  if (param.type === 'uint') return 'uint256';
  if (param.type === 'int') return 'int256';
  return param.type;
}

/** The scalar types of `types` after expanding fixed arrays, e.g. `int256[2]` -> [int256, int256]. */
function flattenTypes(types: readonly string[]): string[] {
  return types.flatMap((type) => {
    const fixedArray = /^(.*)\[(\d+)\]$/.exec(type);
    if (fixedArray === null) {
      if (type.endsWith('[]') || type === 'bytes' || type === 'string') throw new Error(`dynamic type ${type} is not supported`);
      return [type];
    }
    return flattenTypes(Array.from({ length: Number(fixedArray[2]) }, () => fixedArray[1] as string));
  });
}

function typeBounds(type: string): { min: bigint; max: bigint; signed: boolean } {
  if (type === 'bool') return { min: 0n, max: 1n, signed: false };
  if (type === 'address') return { min: 0n, max: (1n << 160n) - 1n, signed: false };
  const match = /^(u?)int(\d+)$/.exec(type);
  if (match !== null) {
    const bits = BigInt(match[2] ?? '256');
    return match[1] === 'u'
      ? { min: 0n, max: (1n << bits) - 1n, signed: false }
      : { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n, signed: true };
  }
  const bytesN = /^bytes(\d+)$/.exec(type);
  if (bytesN !== null) return { min: 0n, max: WORD - 1n, signed: false };
  throw new Error(`unsupported ABI type ${type}`);
}

function encodeWords(types: readonly string[], args: readonly bigint[], signature: string): bigint[] {
  const scalars = flattenTypes(types);
  if (scalars.length !== args.length) throw new Error(`${signature} takes ${scalars.length} words, got ${args.length}`);
  return scalars.map((type, i) => {
    const value = args[i] as bigint;
    const { min, max } = typeBounds(type);
    if (value < min || value > max) throw new RangeError(`argument ${i} of ${signature}: ${value} does not fit ${type}`);
    return value < 0n ? WORD + value : value; // two's complement
  });
}

function decodeWords(types: readonly string[], data: Uint8Array): bigint[] {
  return flattenTypes(types).map((type, i) => {
    const word = BigInt(bytesToHex(data.subarray(32 * i, 32 * i + 32)));
    return typeBounds(type).signed && word >= WORD / 2n ? word - WORD : word;
  });
}

function selectorOf(signature: string): `0x${string}` {
  return bytesToHex(keccak_256(new TextEncoder().encode(signature)).subarray(0, 4));
}

// ---- compilation, cached by the hash of the exact compiler input ----

function compileCached(files: Record<string, string>): CompiledUnits {
  const input = JSON.stringify({
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(files).map(([name, content]) => [name, { content }])),
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  });
  const key = createHash('sha256').update(`${SOLC_VERSION}\n${input}`).digest('hex');
  const cachePath = join(CACHE_DIR, `${key}.json`);
  try {
    return JSON.parse(readFileSync(cachePath, 'utf8')) as CompiledUnits;
  } catch {
    const units = compile(input);
    mkdirSync(CACHE_DIR, { recursive: true });
    // Parallel test files may compile the same harness: write aside, then rename atomically.
    const partial = `${cachePath}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(units));
    renameSync(partial, cachePath);
    return units;
  }
}

function compile(input: string): CompiledUnits {
  const solc = requireFromHere('solc') as Solc;
  if (!solc.version().startsWith(SOLC_VERSION)) throw new Error(`expected solc ${SOLC_VERSION}, found ${solc.version()}`);
  const output = JSON.parse(solc.compile(input, { import: resolveImport })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const units: CompiledUnits = {};
  for (const [unit, contracts] of Object.entries(output.contracts ?? {})) {
    units[unit] = Object.fromEntries(
      Object.entries(contracts).map(([name, c]) => [name, { abi: c.abi, bytecode: c.evm.bytecode.object }]),
    );
  }
  return units;
}

function resolveImport(path: string): { contents: string } | { error: string } {
  if (!path.startsWith(OZ_PREFIX)) return { error: `cannot resolve import ${path}: only ${OZ_PREFIX}... is known` };
  const packageRoot = dirname(requireFromHere.resolve(`${OZ_PREFIX}package.json`));
  try {
    return { contents: readFileSync(join(packageRoot, path.slice(OZ_PREFIX.length)), 'utf8') };
  } catch {
    return { error: `${path} not found under ${packageRoot}` };
  }
}

// ---- seeded inputs for differential tests ----

export interface DiffRandom {
  /** An unsigned integer of at most `bits` bits: an edge value a quarter of the time, else uniform at a random bit-length. */
  uint(bits?: number): bigint;
  /** A signed integer that fits int`bits`, drawn like `uint` with a random sign. */
  int(bits?: number): bigint;
  /** Uniform in [lo, hi] (inclusive). */
  between(lo: bigint, hi: bigint): bigint;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

const WAD = 10n ** 18n;

/** A reproducible stream of differential inputs; the same seed always gives the same sequence. */
export function diffRandom(seed: string): DiffRandom {
  const rng = seedrandom(seed);
  const integerBelow = (n: number): number => Math.floor(rng() * n);
  const randomBits = (bits: number): bigint => {
    let v = 0n;
    for (let done = 0; done < bits; done += 32) v = (v << 32n) | BigInt(rng.int32() >>> 0);
    return v & ((1n << BigInt(bits)) - 1n);
  };
  const edgeUint = (bits: number): bigint => {
    const max = (1n << BigInt(bits)) - 1n;
    const k = BigInt(1 + integerBelow(bits));
    const candidates = [0n, 1n, 2n, max, max - 1n, (1n << k) - 1n, 1n << k, (1n << k) + 1n, WAD, WAD - 1n, WAD + 1n, BigInt(1 + integerBelow(1000)) * WAD];
    const v = candidates[integerBelow(candidates.length)] as bigint;
    return v > max ? v & max : v;
  };
  const uint = (bits = 256): bigint => (rng() < 0.25 ? edgeUint(bits) : randomBits(1 + integerBelow(bits)));
  return {
    uint,
    int(bits = 256) {
      const magnitude = uint(bits - 1);
      if (rng() < 0.05) return -(1n << BigInt(bits - 1)); // type min has no positive counterpart
      return rng() < 0.5 ? -magnitude : magnitude;
    },
    between(lo, hi) {
      if (hi < lo) throw new RangeError(`empty range [${lo}, ${hi}]`);
      const span = hi - lo + 1n;
      const bits = span.toString(2).length + 64; // the extra 64 bits make the modulo bias negligible
      return lo + (randomBits(bits) % span);
    },
    chance: (p) => rng() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[integerBelow(items.length)] as T;
    },
  };
}
