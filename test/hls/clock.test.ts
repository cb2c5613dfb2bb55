import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { HlschedError } from '../../src/errors.js';
import { cyclesFor, loadTarget, withClock } from '../../src/hls/target.js';
import { hlschedBin, kernel } from '../helpers/paths.js';

describe('clock-aware targets', () => {
  it('derives latencies from delays in ns: the asic soft-float units at 5 ns and at 2 ns', async () => {
    const asic = await loadTarget('asic');
    expect(asic.operators.fadd.latency).toBe(4);
    expect(asic.operators.fmul.latency).toBe(3);
    const fast = withClock(asic, 2);
    expect(fast.clockNs).toBe(2);
    expect(fast.operators.fadd.latency).toBe(8);
    expect(fast.operators.fmul.latency).toBe(6);
    // Wiring stays chained at any clock; the memory read still takes a cycle.
    expect(fast.operators.select.latency).toBe(0);
    expect(fast.memory.local.readLatency).toBe(1);
    // The shipped latencies are what the delays give at the shipped clock, on every target.
    for (const target of await Promise.all(['asic', 'fpga', 'xc7vx690t', 'xc7z020'].map(loadTarget))) {
      for (const [name, spec] of Object.entries(target.operators)) {
        if (spec.delayNs !== undefined) expect(cyclesFor(spec.delayNs, target.clockNs), `${target.name} ${name}`).toBe(spec.latency);
      }
    }
  });

  it('a slower clock chains more: fadd in 1 period at 40 ns, 0 (chained) past 4x its delay', () => {
    expect(cyclesFor(25, 40)).toBe(1);
    expect(cyclesFor(25, 100)).toBe(0);
    expect(cyclesFor(25, 10)).toBe(3);
  });

  it('ships the xc7vx690t and xc7z020 with their capacities', async () => {
    const [v7, z7] = await Promise.all([loadTarget('xc7vx690t'), loadTarget('xc7z020')]);
    expect(v7.capacity).toEqual({ lut: 433200, ff: 866400, dsp: 3600, bram18: 2940 });
    expect(z7.capacity).toEqual({ lut: 53200, ff: 106400, dsp: 220, bram18: 280 });
    expect(() => withClock(v7, 0)).toThrow(HlschedError);
  });

  it('estimate --clock-ns: more cycles at a faster clock, the same time order; a bad clock is exit 2 naming the flag', async () => {
    const at5 = JSON.parse((await execa(hlschedBin, ['estimate', kernel('polybench/gemm_4.mlir'), '--target', 'asic', '--json'])).stdout);
    const at2 = JSON.parse((await execa(hlschedBin, ['estimate', kernel('polybench/gemm_4.mlir'), '--target', 'asic', '--clock-ns', '2', '--json'])).stdout);
    expect(at2.clockNs).toBe(2);
    expect(at2.cycles).toBeGreaterThan(at5.cycles);
    expect(at2.timeNs).toBeLessThan(at5.timeNs);
    const bad = await execa(hlschedBin, ['estimate', kernel('polybench/gemm_4.mlir'), '--clock-ns', '0'], { reject: false });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--clock-ns 0 is not a positive number/);
  });
});
