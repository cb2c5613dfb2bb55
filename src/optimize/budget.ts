import { HlschedError } from '../errors.js';
import type { TargetSpec } from '../hls/target.js';
import type { ResourceEstimate } from '../hls/types.js';

/**
 * The resource budget of `optimize`: a candidate whose estimate exceeds any limit is rejected, as
 * design-space explorers (ScaleHLS, AutoDSE, HARP) treat resources. Default: every resource the target
 * gives a capacity for at most 80% of the device; `--max-util` changes the share, `--limit` sets
 * absolute limits.
 */
export const BUDGET_RESOURCES = ['lut', 'ff', 'dsp', 'bram18', 'area'] as const;
export type BudgetResource = (typeof BUDGET_RESOURCES)[number];

export const DEFAULT_MAX_UTILIZATION = 0.8;

export interface ResourceBudget {
  /** Absolute limits (LUTs, DSPs, ..., um^2). */
  limits: Partial<Record<BudgetResource, number>>;
  /** How each limit came about, for messages: `80% of 220`, `--limit`. */
  origin: Partial<Record<BudgetResource, string>>;
}

export interface BudgetCheck {
  fits: boolean;
  /** The resource nearest to (or furthest over) its limit. */
  binding?: { resource: BudgetResource; used: number; limit: number; share: number };
}

const CAPACITY_FIELD: Record<BudgetResource, keyof NonNullable<TargetSpec['capacity']>> = {
  lut: 'lut', ff: 'ff', dsp: 'dsp', bram18: 'bram18', area: 'areaUm2',
};

/** `dsp=200,lut=40000` (also repeated flags): one-line errors name the field that is wrong. */
export function parseLimits(values: string[]): Partial<Record<BudgetResource, number>> {
  const limits: Partial<Record<BudgetResource, number>> = {};
  for (const item of values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)) {
    const match = /^([a-z0-9]+)=(.*)$/i.exec(item);
    if (!match) throw new HlschedError('USAGE', `--limit ${item} is not RESOURCE=NUMBER`, { hint: 'write it like --limit dsp=200,lut=40000' });
    const resource = match[1]!.toLowerCase() === 'bram' ? 'bram18' : match[1]!.toLowerCase();
    if (!(BUDGET_RESOURCES as readonly string[]).includes(resource)) {
      throw new HlschedError('USAGE', `--limit ${item}: unknown resource '${match[1]}'`, { hint: `use one of ${BUDGET_RESOURCES.join(', ')}` });
    }
    const value = Number(match[2]);
    if (match[2]!.trim() === '' || !Number.isFinite(value) || value <= 0) {
      throw new HlschedError('USAGE', `--limit ${item}: ${resource} must be a positive number, not '${match[2]}'`, { hint: `for example --limit ${resource}=200` });
    }
    limits[resource as BudgetResource] = value;
  }
  return limits;
}

/** `--max-util`: a share of the device in (0, 1]. */
export function parseMaxUtilization(value: unknown): number {
  const number = Number(value);
  if (value === undefined || value === null || String(value).trim() === '' || !Number.isFinite(number) || number <= 0 || number > 1) {
    throw new HlschedError('USAGE', `--max-util ${String(value)} is not a share of the device between 0 and 1`, { hint: 'for example --max-util 0.6 (60% of every resource)' });
  }
  return number;
}

export function makeBudget(target: TargetSpec, options: { maxUtilization?: number; limits?: Partial<Record<BudgetResource, number>> } = {}): ResourceBudget {
  const share = options.maxUtilization ?? DEFAULT_MAX_UTILIZATION;
  const budget: ResourceBudget = { limits: {}, origin: {} };
  for (const resource of BUDGET_RESOURCES) {
    const capacity = target.capacity?.[CAPACITY_FIELD[resource]];
    if (capacity) {
      budget.limits[resource] = Math.floor(capacity * share);
      budget.origin[resource] = `${Math.round(share * 100)}% of the ${target.device}'s ${capacity}`;
    }
  }
  for (const [resource, limit] of Object.entries(options.limits ?? {}) as Array<[BudgetResource, number]>) {
    budget.limits[resource] = limit;
    budget.origin[resource] = '--limit';
  }
  return budget;
}

export function usedOf(resources: ResourceEstimate, resource: BudgetResource): number | undefined {
  switch (resource) {
    case 'lut': return resources.lut;
    case 'ff': return resources.ff;
    case 'dsp': return resources.dsp;
    case 'bram18': return resources.bram18;
    case 'area': return resources.area;
  }
}

export function checkBudget(resources: ResourceEstimate, budget: ResourceBudget): BudgetCheck {
  let binding: BudgetCheck['binding'];
  for (const [resource, limit] of Object.entries(budget.limits) as Array<[BudgetResource, number]>) {
    const used = usedOf(resources, resource);
    if (used === undefined) continue;
    const share = used / limit;
    if (!binding || share > binding.share) binding = { resource, used, limit, share };
  }
  return { fits: !binding || binding.share <= 1, ...(binding ? { binding } : {}) };
}

/** `dsp 264 > 176 (80% of the xc7z020-1clg400-VVD's 220)`. */
export function describeOverrun(check: BudgetCheck, budget: ResourceBudget): string {
  const b = check.binding;
  if (!b) return 'within budget';
  return `${b.resource} ${Math.round(b.used)} ${b.share > 1 ? '>' : '<='} ${b.limit} (${budget.origin[b.resource] ?? 'limit'})`;
}

export function describeBudget(budget: ResourceBudget): string {
  const entries = Object.entries(budget.limits);
  return entries.length ? entries.map(([r, l]) => `${r} <= ${l}`).join(', ') : 'no resource limits (the target gives no capacities)';
}
