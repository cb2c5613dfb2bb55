import type { GenericBlock } from '../ir/generic.js';
import { criticalChain, describePath, describePortUse, describeStep, longestPaths, portGroups, type SourceNames } from './explain.js';
import { carriedDistance } from './memory-dependence.js';
import { Counter, type Recurrence, type SegmentSchedule } from './model-types.js';
import { holdCycles, unitBoundCycles, type OperatorClass, type TargetSpec } from './target.js';

/**
 * Loops and II: the initiation interval of a pipelined innermost loop, II = max(ResMII, RecMII, target II),
 * with ResMII from ports and units per iteration and RecMII from loop-carried dependence paths.
 */

export interface IIAnalysis {
  ii: number;
  /** RecMII alone: dependence paths ignore resources, so it is also the lower bound's. */
  recMiiLb: number;
  reason: string;
  brief: string;
  operatorCounts: Counter<OperatorClass>;
}

/** II = max(ResMII, RecMII, target II) for an innermost body, with the reason in words. */
export function initiationInterval(target: TargetSpec, names: SourceNames, body: GenericBlock, segment: SegmentSchedule, iv: string, targetII: number): IIAnalysis {
  // Resources: accesses per port group and operators per functional-unit class, per iteration.
  const operatorCounts = new Counter<OperatorClass>();
  const holds = new Counter<OperatorClass>();
  for (const p of segment.placed) {
    if (p.memory || p.kind.kind !== 'operator') continue;
    operatorCounts.add(p.kind.operator, 1);
    holds.add(p.kind.operator, holdCycles(target, p.kind.operator, p.latency));
  }
  let resMii = 1;
  let resReason = '';
  for (const entry of portGroups(segment)) {
    const needed = Math.ceil(entry.count / entry.ports);
    if (needed > resMii) {
      resMii = needed;
      resReason = describePortUse(entry, ' per iteration');
    }
  }
  for (const [operator, count] of operatorCounts) {
    const needed = unitBoundCycles(target, operator, count, holds.get(operator) ?? 0);
    if (needed > resMii) {
      resMii = needed;
      const instances = target.unitInstances?.[operator];
      resReason = instances !== undefined && Math.ceil((holds.get(operator) ?? 0) / instances) === needed
        ? `${count} ${operator} per iteration over ${instances} instances`
        : `${count} ${operator} per iteration over ${target.functionalUnits[operator]} units`;
    }
  }
  // Recurrences: iteration arguments (registers) and memory written then read by a later iteration.
  // Their delay is the longest dependence path from where the value enters to where it leaves,
  // as a modulo scheduler that places the load as late as the path allows would see it.
  const recurrences: Recurrence[] = [];
  const yieldOp = body.ops[body.ops.length - 1];
  const producer = new Map<string, number>();
  segment.placed.forEach((p, index) => { for (const result of p.op.results) producer.set(result, index); });
  body.arguments.slice(1).forEach((arg, k) => {
    const yielded = yieldOp?.operands[k];
    const end = yielded === undefined ? undefined : producer.get(yielded);
    if (end === undefined) return;
    const users = segment.placed.flatMap((p, index) => (p.op.operands.includes(arg.name) ? [index] : []));
    const path = longestPaths(segment, users);
    const length = path.distance[end];
    if (length === undefined) return;
    const delay = length + segment.placed[end]!.latency;
    if (delay <= 0) return;
    const name = names.valueAt(arg.loc) ?? `iteration argument ${k}`;
    recurrences.push({ delay, distance: 1, through: name, chain: describePath(segment, path.via, end) });
  });
  segment.placed.forEach((store, storeIndex) => {
    if (store.kind.kind !== 'store') return;
    segment.placed.forEach((load, loadIndex) => {
      if (load.kind.kind !== 'load' || load.memory !== store.memory) return;
      const distance = carriedDistance(store.address, load.address, iv);
      if (distance === 0) return;
      const path = loadIndex < storeIndex ? longestPaths(segment, [loadIndex]) : undefined;
      const length = path?.distance[storeIndex];
      // A store that does not depend on the load only has to land before the later iteration reads.
      const delay = (length ?? 0) + store.latency;
      recurrences.push({
        delay, distance, through: store.memory!.name,
        chain: path && length !== undefined ? describePath(segment, path.via, storeIndex) : `${describeStep(store)} then ${describeStep(load)}`,
      });
    });
  });
  let recMii = 0;
  let recReason = '';
  for (const r of recurrences) {
    const needed = Math.ceil(r.delay / r.distance);
    if (needed > recMii) {
      recMii = needed;
      recReason = `loop-carried dependence through ${r.through} (${r.chain}: ${r.delay} cycles${r.distance > 1 ? ` over distance ${r.distance}` : ''})`;
    }
  }
  // Dependence paths ignore resources, so the recurrence bound is also the lower bound's.
  const recMiiLb = recMii;
  const ii = Math.max(resMii, recMii, targetII);
  let brief: string;
  let reason: string;
  if (ii === recMii && recMii >= resMii && recMii > targetII) reason = brief = `II ${ii}: ${recReason}`;
  else if (ii === resMii && resMii > targetII) reason = brief = `II ${ii}: ${resReason}`;
  else {
    brief = `II ${ii} (${ii === targetII && targetII > 1 ? 'the requested II' : 'one iteration per cycle'})`;
    reason = `${brief}; iteration latency ${segment.makespan} (critical path ${criticalChain(segment)})`;
  }
  return { ii, recMiiLb, reason, brief, operatorCounts };
}
