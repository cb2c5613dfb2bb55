import { describe, expect, it } from 'vitest';
import { AnalyticBackend } from '../../src/hls/estimate.js';
import { bambuArguments } from '../../src/hls/bambu/backend.js';
import { loadTarget, withMemoryPolicy } from '../../src/hls/target.js';
import { kernel } from '../helpers/paths.js';

/**
 * Where a kernel's own buffers live (`--memory-policy`, Bambu's --memory-allocation-policy): in block
 * RAM (ALL_BRAM, SODA's flow) or behind the memory interface like the argument arrays (NO_BRAM).
 * Argument arrays never count as the design's BRAM: they are behind its memory interface either way.
 */
describe('memory policy', () => {
  it('no-bram moves the kernel\'s buffers behind the memory interface: no BRAM, the arguments\' ports and latencies', async () => {
    const fpga = await loadTarget('fpga');
    const file = kernel('eels_encoder_reduced.mlir');
    const onChip = await new AnalyticBackend().estimate(file, fpga);
    const external = await new AnalyticBackend().estimate(file, withMemoryPolicy(fpga, 'no-bram'));
    const locals = onChip.resources.memories.filter((m) => m.kind === 'local' && !m.register);
    expect(locals.length).toBeGreaterThan(0);
    expect(locals.every((m) => (m.ramBlocks ?? 0) > 0)).toBe(true);
    expect(onChip.resources.bram18).toBe(locals.reduce((sum, m) => sum + m.ramBlocks!, 0));
    // The arrays behind the arguments are never the design's BRAM.
    expect(onChip.resources.memories.filter((m) => m.kind === 'argument').every((m) => m.ramBlocks === undefined)).toBe(true);
    expect(external.resources.bram18).toBe(0);
    expect(external.resources.memories.filter((m) => m.kind === 'local' && !m.register).every((m) => m.ports === fpga.memory.arguments.ports)).toBe(true);
    // The same work: every operation is still there.
    expect(external.operations).toEqual(onChip.operations);
  });

  it('passes the policy to Bambu, and an unknown policy is a usage error naming the flag', async () => {
    const fpga = await loadTarget('fpga');
    expect(bambuArguments(fpga, 'k', 'k.c', 'tb.xml')).toContain('--memory-allocation-policy=ALL_BRAM');
    expect(bambuArguments(withMemoryPolicy(fpga, 'no-bram'), 'k', 'k.c', 'tb.xml')).toContain('--memory-allocation-policy=NO_BRAM');
    expect(() => withMemoryPolicy(fpga, 'lss')).toThrow(/--memory-policy lss is not a memory policy/);
  });
});
