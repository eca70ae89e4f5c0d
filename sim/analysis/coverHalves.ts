// The first cover of one service set (coverProblem.ts) by meeting in the middle, for a few dozen free
// members: the free members are split in two halves, every subset R of the second half is listed
// once, sorted by a key from the linear relaxation's duals, and every subset L of the first half is
// joined with the R that can complete it (Horowitz and Sahni's split of subset sum, with the
// relaxation telling which R to look at).
//
// The window. For any y ≥ 0 on the short rows, write p_j = Σ_r y_r·a_{r,j} for a member's dual
// value and key_j = max(p_j, c_j), summed over a subset for p(R) and key(R). L ∪ R covers only if R
// meets what L leaves, d_r(L) = deficit_r − backing_r(L), on every row, so
//     key(R) ≥ p(R) ≥ P(L) = Σ_r y_r·max(0, d_r(L));
// and it costs at most the limit only if cost(R) ≤ limit − cost(L), so
//     key(R) = cost(R) + Σ_{j∈R} max(0, p_j − c_j) ≤ limit − cost(L) + slack,
// slack the sum of max(0, p_j − c_j) over the second half. Each L looks only at the R whose key lies
// in [P(L), limit − cost(L) + slack]. With the relaxation's optimal duals that window is as narrow
// as the relaxation can make it: its width is what the cover may cost above the bound. This is what
// the bound alone cannot do where the relaxation is degenerate (every member backing three of five
// services, all reduced costs zero): there the cost is fixed by how far the coverages overshoot
// their needs, a subset-sum question the halves answer by listing.
//
// Three things keep the join small. (1) The subsets R are grouped in cells of up to three rows'
// backing (on row t, R backs between max(0, d_t) and that plus the window's width over y_t), and
// sorted by key within a cell. (2) The first half takes the members of the rows with fewest members
// first, so it settles those rows alone, and its enumeration drops a branch as soon as no completion
// can cover or come under the limit (the same Lagrangian bound). (3) The branch and bound calls the
// halves under caps rising from just above the bound (coverProblem.ts, underRisingCaps), so that
// windows start narrow; and the listing and the cells are made only once some L needs them.
//
// Exactness. Listing and windows are in doubles, widened by a margin far above their rounding
// (FLOAT_MARGIN, relative to the sizes summed); a pair that passes is checked in exact integers,
// both its coverage and its cost, before it counts. So the doubles only ever choose which pairs to
// check, and a cover the exact order puts first is never filtered out.
import { coverPrecedes, floats, type Cover, type CoverProblem, type NodeCounter } from './coverProblem.js';

/** Members in (indices into the problem's members), their cost and their backing of each row. */
export interface PartialCover {
  readonly chosen: readonly number[];
  readonly cost: bigint;
  readonly backing: readonly bigint[];
}

/** The most free members this solver takes: 2^16 subsets per half. */
export const MAX_HALVES_MEMBERS = 32;

// Doubles carry 2^-53 ≈ 1.1e-16 of relative error per operation; sums of at most a few dozen terms
// stay below 1e-14 of the sum of their sizes. Windows are widened by 1e-12 of those sizes.
const FLOAT_MARGIN = 1e-12;
// Rows gridded into cells, and cells per gridded row, at most; and the joins of a search after
// which the cells are made (before, a join scans the listing in key order: few joins do not repay
// the cells).
const GRID_ROWS = 3;
const MAX_BUCKETS = 64;
const GRID_AFTER_JOINS = 32;

/**
 * The first cover, in the order of covers (cost, then membership), among the covers that hold
 * `base`, add only members of `free`, and cost at most `allowance`; undefined if there is none.
 * `duals` (by row of the problem, ≥ 0) choose the key: any values are correct, the relaxation's
 * optimal ones are fastest.
 */
export function firstCoverByHalves(
  problem: CoverProblem,
  base: PartialCover,
  free: readonly number[],
  duals: Float64Array,
  allowance: bigint,
  counter: NodeCounter,
): Cover | undefined {
  if (base.cost > allowance) return undefined;
  const rows = problem.need.flatMap((need, r) => ((base.backing[r] ?? 0n) < need ? [r] : []));
  if (rows.length === 0) return { chosen: [...base.chosen].sort((a, b) => a - b), cost: base.cost };
  // A free member backing no short row only adds cost.
  const cols = free.filter(j => rows.some(r => (problem.weight[r]?.[j] ?? 0n) > 0n));
  for (const r of rows) {
    const reach = cols.reduce((sum, j) => sum + (problem.weight[r]?.[j] ?? 0n), base.backing[r] ?? 0n);
    if (reach < (problem.need[r] ?? 0n)) return undefined;
  }
  if (cols.length > MAX_HALVES_MEMBERS) throw new Error(`cover by halves: ${cols.length} free members, at most ${MAX_HALVES_MEMBERS} (internal error)`);
  return new Halves(problem, base, rows, cols, duals, allowance, counter).run();
}

/**
 * Typed arrays kept between calls (the branch and bound calls the halves at many nodes), grown as
 * needed; the halves are never re-entered, so one set serves every call.
 */
const held = new Map<string, Float64Array | Int32Array>();
const buffers = {
  float: (name: string, length: number): Float64Array => buffer(name, length, n => new Float64Array(n)),
  int: (name: string, length: number): Int32Array => buffer(name, length, n => new Int32Array(n)),
};

function buffer<T extends Float64Array | Int32Array>(name: string, length: number, make: (length: number) => T): T {
  const kept = held.get(name) as T | undefined;
  if (kept !== undefined && kept.length >= length) return kept;
  const made = make(Math.max(length, 2 * (kept?.length ?? 0)));
  held.set(name, made);
  return made;
}

/** The last listing made (in `buffers`, so only the last is kept), and what it was made from. */
let lastListing:
  | { problem: CoverProblem; right: readonly number[]; rows: readonly number[]; y: Float64Array; listing: Listing }
  | undefined;

/** The second half's subsets sorted by key: key, mask, cost, and backing of each short row (row-major). */
interface Listing {
  readonly size: number;
  readonly key: Float64Array;
  readonly mask: Int32Array;
  readonly cost: Float64Array;
  readonly cover: Float64Array;
}

/** The listing grouped in cells of up to GRID_ROWS rows' backing, sorted by key within a cell. */
interface Grid {
  /** The rows (indices into the short rows) the cells split, a cell's width on each, and how many cells. */
  readonly rows: readonly number[];
  readonly step: readonly number[];
  readonly buckets: readonly number[];
  /** Where each cell starts in `key` and `entry` (one more at the end: the total). */
  readonly start: Int32Array;
  /** Keys in cell order, and the listing's index of each (undefined: the listing's own order). */
  readonly key: Float64Array;
  readonly entry: Int32Array | undefined;
}

class Halves {
  private readonly k: number;
  private readonly left: readonly number[];
  private readonly right: readonly number[];
  /** Each half's costs, and backing of each short row (row-major by member), in doubles. */
  private readonly leftCost: Float64Array;
  private readonly leftWeight: Float64Array;
  private readonly rightCost: Float64Array;
  private readonly rightWeight: Float64Array;
  private readonly y: Float64Array;
  private readonly deficit: Float64Array;
  private readonly margin: number;
  private readonly dualMargin: number;
  /** Σ max(0, p_j − c_j) over the second half, and over the first half's members from each depth on. */
  private readonly slack: number;
  private readonly slackAfter: Float64Array;
  /** Backing of each row by the first half's members from each depth on plus the whole second half (row-major by depth). */
  private readonly reachAfter: Float64Array;
  /** Scratch of the join at hand: what R must back on each row less the margin; the box of cells and the cell at hand. */
  private readonly shortfall: Float64Array;
  private readonly from = new Int32Array(GRID_ROWS);
  private readonly to = new Int32Array(GRID_ROWS);
  private readonly cell = new Int32Array(GRID_ROWS);
  /** What L and R together may cost, in doubles: the allowance left, then the best cover's. */
  private limit: number;
  private best: Cover | undefined;
  /** The Lagrangian bound of what L and R cost together; the listing and the cells, made at the first join that needs them. */
  private bound = 0;
  private listing: Listing | undefined;
  private grid: Grid | undefined;
  private plainGrid: Grid | undefined;
  private joins = 0;

  constructor(
    private readonly problem: CoverProblem,
    private readonly base: PartialCover,
    private readonly rows: readonly number[],
    cols: readonly number[],
    duals: Float64Array,
    private readonly allowance: bigint,
    private readonly counter: NodeCounter,
  ) {
    const k = rows.length;
    this.k = k;
    const backs = (r: number, j: number): boolean => (problem.weight[r]?.[j] ?? 0n) > 0n;
    // Rows with fewest members first, and members by the first of those rows they back: the first
    // half then holds every member of its early rows and settles their coverage alone.
    const backers = new Map(rows.map(r => [r, cols.filter(j => backs(r, j)).length]));
    const rank = new Map([...rows].sort((a, b) => (backers.get(a) as number) - (backers.get(b) as number) || a - b).map((r, i) => [r, i]));
    const firstRow = new Map(cols.map(j => [j, Math.min(...rows.filter(r => backs(r, j)).map(r => rank.get(r) as number))]));
    const ordered = [...cols].sort((a, b) => (firstRow.get(a) as number) - (firstRow.get(b) as number) || a - b);
    const split = ordered.length >> 1;
    this.left = ordered.slice(0, split);
    this.right = ordered.slice(split);
    this.leftCost = floats(this.left.length, i => problem.costF[this.left[i] as number] as number);
    this.leftWeight = floats(this.left.length * k, i => this.weight(i % k, this.left[Math.floor(i / k)] as number));
    this.rightCost = floats(this.right.length, i => problem.costF[this.right[i] as number] as number);
    this.rightWeight = floats(this.right.length * k, i => this.weight(i % k, this.right[Math.floor(i / k)] as number));
    this.y = floats(k, t => Math.max(0, duals[rows[t] as number] ?? 0));
    this.deficit = floats(k, t => Number((problem.need[rows[t] as number] ?? 0n) - (base.backing[rows[t] as number] ?? 0n)));
    let size = Number(allowance - base.cost);
    let dualSize = 0;
    for (const j of cols) {
      size += problem.costF[j] as number;
      for (let t = 0; t < k; t++) {
        size += this.weight(t, j);
        dualSize += (this.y[t] as number) * this.weight(t, j);
      }
    }
    for (let t = 0; t < k; t++) {
      size += this.deficit[t] as number;
      dualSize += (this.y[t] as number) * (this.deficit[t] as number);
    }
    this.margin = FLOAT_MARGIN * size;
    this.dualMargin = FLOAT_MARGIN * (size + dualSize);
    this.slack = this.right.reduce((sum, j) => sum + this.excess(j), 0);
    const depth = this.left.length;
    this.slackAfter = new Float64Array(depth + 1);
    this.reachAfter = new Float64Array((depth + 1) * k);
    for (let t = 0; t < k; t++) this.reachAfter[depth * k + t] = this.right.reduce((sum, j) => sum + this.weight(t, j), 0);
    for (let d = depth - 1; d >= 0; d--) {
      const j = this.left[d] as number;
      this.slackAfter[d] = (this.slackAfter[d + 1] as number) + this.excess(j);
      for (let t = 0; t < k; t++) this.reachAfter[d * k + t] = (this.reachAfter[(d + 1) * k + t] as number) + this.weight(t, j);
    }
    this.shortfall = new Float64Array(k);
    this.limit = Number(allowance - base.cost);
  }

  run(): Cover | undefined {
    this.counter.tick((1 << this.left.length) + (1 << this.right.length));
    this.bound = this.lowerBound();
    this.descend(0, 0, 0, new Float64Array(this.k * (this.left.length + 1)));
    return this.best;
  }

  private weight(t: number, j: number): number {
    return (this.problem.weightF[this.rows[t] as number] as Float64Array)[j] as number;
  }

  private dualValue(j: number): number {
    let p = 0;
    for (let t = 0; t < this.k; t++) p += (this.y[t] as number) * this.weight(t, j);
    return p;
  }

  /** max(0, p_j − c_j): how far member j's key exceeds its cost. */
  private excess(j: number): number {
    return Math.max(0, this.dualValue(j) - (this.problem.costF[j] as number));
  }

  /** The Lagrangian bound of what L and R cost together: Σ y·deficit − Σ max(0, p_j − c_j). */
  private lowerBound(): number {
    let bound = -this.slack - (this.slackAfter[0] as number);
    for (let t = 0; t < this.k; t++) bound += (this.y[t] as number) * (this.deficit[t] as number);
    return bound;
  }

  /**
   * The listing of the last call, when this call's second half is the same (problem, members, rows
   * and duals): the branch and bound calls the halves at its first node once per cap, and there
   * the free members and the relaxation are often those of the cap before.
   */
  private listedBefore(): Listing | undefined {
    const last = lastListing;
    if (last === undefined || last.problem !== this.problem) return undefined;
    const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.prototype.every.call(a, (x, i) => x === b[i]);
    return same(last.right, this.right) && same(last.rows, this.rows) && same(last.y, this.y) ? last.listing : undefined;
  }

  /** Every subset of the second half, sorted by key (merging the sorted lists without and with each member). */
  private listSecondHalf(): Listing {
    const { k, right, problem, rightCost, rightWeight } = this;
    const size = 1 << right.length;
    let key = buffers.float('key', size);
    let mask = buffers.int('mask', size);
    let nextKey = buffers.float('nextKey', size);
    let nextMask = buffers.int('nextMask', size);
    key[0] = 0;
    mask[0] = 0;
    let length = 1;
    right.forEach((j, bit) => {
      const add = Math.max(this.dualValue(j), problem.costF[j] as number);
      let a = 0;
      let b = 0;
      let out = 0;
      while (a < length && b < length) {
        const without = key[a] as number;
        const withIt = (key[b] as number) + add;
        if (without <= withIt) {
          nextKey[out] = without;
          nextMask[out++] = mask[a++] as number;
        } else {
          nextKey[out] = withIt;
          nextMask[out++] = (mask[b++] as number) | (1 << bit);
        }
      }
      while (a < length) {
        nextKey[out] = key[a] as number;
        nextMask[out++] = mask[a++] as number;
      }
      while (b < length) {
        nextKey[out] = (key[b] as number) + add;
        nextMask[out++] = (mask[b++] as number) | (1 << bit);
      }
      [key, nextKey] = [nextKey, key];
      [mask, nextMask] = [nextMask, mask];
      length *= 2;
    });
    // Cost and backing by mask (each from the mask without its lowest member), then in key order.
    const costByMask = buffers.float('costByMask', size);
    const coverByMask = buffers.float('coverByMask', size * k);
    costByMask[0] = 0;
    coverByMask.fill(0, 0, k);
    for (let m = 1; m < size; m++) {
      const low = m & -m;
      const bit = 31 - Math.clz32(low);
      const from = m ^ low;
      costByMask[m] = (costByMask[from] as number) + (rightCost[bit] as number);
      for (let t = 0; t < k; t++) coverByMask[m * k + t] = (coverByMask[from * k + t] as number) + (rightWeight[bit * k + t] as number);
    }
    const cost = nextKey; // the spare buffer
    const cover = buffers.float('cover', size * k);
    for (let i = 0; i < size; i++) {
      const m = mask[i] as number;
      cost[i] = costByMask[m] as number;
      for (let t = 0; t < k; t++) cover[i * k + t] = coverByMask[m * k + t] as number;
    }
    const listing = { size, key, mask, cost, cover };
    lastListing = { problem, right, rows: this.rows, y: this.y, listing };
    return listing;
  }

  /** The listing as one cell, in its own (key) order. */
  private plain(listing: Listing): Grid {
    return { rows: [], step: [], buckets: [], start: Int32Array.of(0, listing.size), key: listing.key, entry: undefined };
  }

  /**
   * The listing in cells of the (up to GRID_ROWS) rows that split it best, each cell as wide as
   * the widest window `width` reaches on that row, so that a join meets about two cells per row;
   * no more cells than entries. The key already sorts on the rows together, so with one short row
   * there are no cells.
   */
  private cells(listing: Listing, width: number): Grid {
    const { k, y } = this;
    const size = listing.size;
    const reach = (t: number): number => this.reachAfter[this.left.length * k + t] as number;
    const rows = [...Array(k).keys()]
      .filter(t => (y[t] as number) > 0 && reach(t) > 0)
      .sort((a, b) => (y[b] as number) * reach(b) - (y[a] as number) * reach(a) || a - b)
      .slice(0, Math.min(GRID_ROWS, k - 1));
    const step = rows.map(t => Math.max(width / (y[t] as number), reach(t) / MAX_BUCKETS));
    const wanted = rows.reduce((product, t, g) => product * (reach(t) / (step[g] as number) + 1), 1);
    if (wanted > size) {
      const widen = (wanted / size) ** (1 / rows.length);
      step.forEach((x, g) => (step[g] = x * widen));
    }
    const buckets = rows.map((t, g) => Math.floor(reach(t) / (step[g] as number)) + 1);
    const cellCount = buckets.reduce((a, b) => a * b, 1);
    const start = buffers.int('start', cellCount + 1);
    start.fill(0, 0, cellCount + 1);
    const cellOf = buffers.int('cellOf', size);
    const { cover } = listing;
    const gridded = rows.length;
    const row = Int32Array.from(rows);
    const widths = Float64Array.from(step);
    const last = Int32Array.from(buckets, b => b - 1);
    for (let i = 0; i < size; i++) {
      let cell = 0;
      for (let g = 0; g < gridded; g++) {
        // Divided, not multiplied by the inverse: the join finds a cell by the same division.
        const b = Math.floor((cover[i * k + (row[g] as number)] as number) / (widths[g] as number));
        cell = cell * ((last[g] as number) + 1) + (b < (last[g] as number) ? b : (last[g] as number));
      }
      cellOf[i] = cell;
      start[cell + 1] = (start[cell + 1] as number) + 1;
    }
    for (let c = 0; c < cellCount; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
    // Placed in key order, so that each cell stays sorted by key.
    const fill = buffers.int('fill', cellCount);
    fill.set(start.subarray(0, cellCount));
    const key = buffers.float('cellKey', size);
    const entry = buffers.int('entry', size);
    for (let i = 0; i < size; i++) {
      const cell = cellOf[i] as number;
      const at = fill[cell] as number;
      fill[cell] = at + 1;
      key[at] = listing.key[i] as number;
      entry[at] = i;
    }
    return { rows, step, buckets, start, key, entry };
  }

  /**
   * Every subset of the first half, members first, dropping a branch when no completion can cover
   * (what is left of both halves falls short on a row) or cost at most the limit (the Lagrangian
   * bound of the branch: cost + Σ y·shortfall can only fall by what p_j exceeds c_j by, for the
   * members still to come and the second half).
   */
  private descend(depth: number, mask: number, cost: number, cover: Float64Array): void {
    const { k, y, deficit, margin, reachAfter } = this;
    const here = depth * k;
    let bound = cost - (this.slackAfter[depth] as number) - this.slack;
    for (let t = 0; t < k; t++) {
      const short = (deficit[t] as number) - (cover[here + t] as number);
      if (short > 0) bound += (y[t] as number) * short;
      if (short > (reachAfter[here + t] as number) + margin) return;
    }
    if (bound > this.limit + margin + this.dualMargin) return;
    if (depth === this.left.length) return this.join(mask, cost, cover, depth);
    const { leftWeight } = this;
    const next = here + k;
    for (let t = 0; t < k; t++) cover[next + t] = (cover[here + t] as number) + (leftWeight[depth * k + t] as number);
    this.descend(depth + 1, mask | (1 << depth), cost + (this.leftCost[depth] as number), cover);
    for (let t = 0; t < k; t++) cover[next + t] = cover[here + t] as number;
    this.descend(depth + 1, mask, cost, cover);
  }

  /** The subsets R in L's window that complete L, cell by cell. */
  private join(maskL: number, costL: number, cover: Float64Array, depth: number): void {
    const { k, y, deficit, margin, dualMargin, shortfall } = this;
    const at = depth * k;
    let need = 0;
    for (let t = 0; t < k; t++) {
      const d = (deficit[t] as number) - (cover[at + t] as number);
      shortfall[t] = d - margin;
      if (d > 0) need += (y[t] as number) * d;
    }
    const low = need - dualMargin;
    const high = this.limit - costL + margin + this.slack + dualMargin;
    if (low > high) return;
    this.listing ??= this.listedBefore() ?? this.listSecondHalf();
    if (this.grid === undefined && ++this.joins > GRID_AFTER_JOINS) this.grid = this.cells(this.listing, this.limit - this.bound + this.slack);
    const grid = this.grid ?? (this.plainGrid ??= this.plain(this.listing));
    // On gridded row t, R backs at least max(0, d_t); and since p(R) ≤ key(R) ≤ high while R backs
    // at least max(0, d_u) on every other row u, at most max(0, d_t) + (high − P(L)) / y_t.
    const gridded = grid.rows.length;
    const reach = high - need + dualMargin;
    const { from, to, cell: digit } = this;
    for (let g = 0; g < gridded; g++) {
      const t = grid.rows[g] as number;
      const d = (deficit[t] as number) - (cover[at + t] as number);
      const step = grid.step[g] as number;
      from[g] = Math.min(Math.floor(Math.max(0, d - margin) / step), grid.buckets[g] as number);
      to[g] = Math.min(Math.floor((Math.max(0, d) + reach / (y[t] as number) + margin) / step), (grid.buckets[g] as number) - 1);
      if ((from[g] as number) > (to[g] as number)) return;
      digit[g] = from[g] as number;
    }
    // Every cell of the box, the last gridded row counting fastest.
    for (;;) {
      let cell = 0;
      for (let g = 0; g < gridded; g++) cell = cell * (grid.buckets[g] as number) + (digit[g] as number);
      this.scan(grid, cell, low, costL, maskL);
      let g = gridded - 1;
      while (g >= 0 && digit[g] === to[g]) {
        digit[g] = from[g] as number;
        g--;
      }
      if (g < 0) return;
      digit[g] = (digit[g] as number) + 1;
    }
  }

  /** One cell of the join: its entries with key from `low` up to what the limit leaves. */
  private scan(grid: Grid, cell: number, low: number, costL: number, maskL: number): void {
    const { k, margin, shortfall, slack, dualMargin } = this;
    const { key, entry, start } = grid;
    const { cost, cover, mask } = this.listing as Listing;
    const end = start[cell + 1] as number;
    for (let i = lowerBound(key, start[cell] as number, end, low); i < end; i++) {
      const rest = this.limit - costL + margin;
      if ((key[i] as number) > rest + slack + dualMargin) break;
      const e = entry === undefined ? i : (entry[i] as number);
      if ((cost[e] as number) > rest) continue;
      const base = e * k;
      let t = 0;
      while (t < k && (cover[base + t] as number) >= (shortfall[t] as number)) t++;
      if (t === k) this.consider(maskL, mask[e] as number, costL + (cost[e] as number));
    }
  }

  /** A pair the doubles let through: exact coverage and cost, then the order of covers. */
  private consider(maskL: number, maskR: number, costF: number): void {
    if (this.best !== undefined && costF > this.limit + this.margin) return;
    const { problem, base } = this;
    const added = [...bits(maskL, this.left), ...bits(maskR, this.right)];
    for (const r of this.rows) {
      const row = problem.weight[r] ?? [];
      const backing = added.reduce((sum, j) => sum + (row[j] ?? 0n), base.backing[r] ?? 0n);
      if (backing < (problem.need[r] ?? 0n)) return;
    }
    const cost = added.reduce((sum, j) => sum + (problem.cost[j] ?? 0n), base.cost);
    if (cost > this.allowance) return;
    const cover: Cover = { chosen: [...base.chosen, ...added].sort((a, b) => a - b), cost };
    if (!coverPrecedes(cover, this.best)) return;
    this.best = cover;
    this.limit = Number(cost - base.cost);
  }
}

function bits(mask: number, members: readonly number[]): number[] {
  return members.filter((_, bit) => mask & (1 << bit));
}

/** The first index whose value is at least `x` in the ascending `values[from..to)` (`to` if none). */
function lowerBound(values: Float64Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
