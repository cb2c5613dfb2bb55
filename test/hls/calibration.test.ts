import { describe, expect, it } from 'vitest';
import { CALIBRATION_TOLERANCE, calibrationKernel, CALIBRATION_POINTS, FULL_OPTIMIZATION_SCHEDULE, runCalibration, SODA_OPT_FULL_SCHEDULE } from '../../eval/calibration.js';
import { verify } from '../../src/verify/verify.js';

describe('fpga target calibration against Bambu-simulated PolyBench cycles', () => {
  it('reproduces every gemm and atax point (N = 2, 4, 8; none and full) within 20%', async () => {
    const results = await runCalibration('fpga');
    expect(results).toHaveLength(12);
    for (const result of results) {
      expect(Math.abs(result.error), `${result.kernel} N=${result.n} ${result.optimization}: model ${result.modelCycles} vs Bambu ${result.bambuCycles}`)
        .toBeLessThanOrEqual(CALIBRATION_TOLERANCE);
    }
  });

  it('both full-optimization schedules (SODA opt_full, and without the buffer trick) preserve the results of every calibration kernel', async () => {
    const kernels = [...new Set(CALIBRATION_POINTS.map(calibrationKernel))];
    for (const schedule of [SODA_OPT_FULL_SCHEDULE, FULL_OPTIMIZATION_SCHEDULE]) {
      const verdicts = await Promise.all(kernels.map((k) => verify(k, schedule)));
      expect(verdicts.map((v) => v.status)).toEqual(kernels.map(() => 'ok'));
    }
  });
});
