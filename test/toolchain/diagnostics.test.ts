import { describe, expect, it } from 'vitest';
import { codeFrame, formatDiagnostic } from '../../src/toolchain/code-frame.js';
import { parseDiagnostics } from '../../src/toolchain/diagnostics.js';

const STDERR = `/tmp/h/schedule.mlir:4:25: error: 'transform.structured.tile_using_for' op expected number of loops to tile (2) to match number of \`loops\` results (3)
    %t, %l0 = transform.structured.tile_using_for %mm tile_sizes [16, 16]
                        ^
/tmp/h/schedule.mlir:4:25: note: see current operation: %1:4 = "transform.structured.tile_using_for"(%0)
/tmp/h/kernel.mlir:0:0: error: could not find a nested named sequence with name: __transform_main
error: unknown pass or pass pipeline: affine-loop-unrol
`;

describe('parseDiagnostics', () => {
  const sources = {
    '/tmp/h/schedule.mlir': { role: 'schedule' as const, file: 'sched.mlir' },
    '/tmp/h/kernel.mlir': { role: 'kernel' as const, file: 'k.mlir' },
  };

  it('reads role, location, severity and message, and maps temporary paths to the user\'s', () => {
    const [tile] = parseDiagnostics(STDERR, sources);
    expect(tile).toMatchObject({ role: 'schedule', file: 'sched.mlir', line: 4, column: 25, severity: 'error' });
    expect(tile!.message).toBe("'transform.structured.tile_using_for' op expected number of loops to tile (2) to match number of `loops` results (3)");
  });

  it('attaches notes to the diagnostic before them and drops source excerpts', () => {
    const diagnostics = parseDiagnostics(STDERR, sources);
    expect(diagnostics).toHaveLength(3);
    expect(diagnostics[0]!.notes).toHaveLength(1);
    expect(diagnostics[0]!.notes[0]!.message).toMatch(/^see current operation/);
  });

  it('keeps 0:0 locations as file-only and unlocated errors as tool diagnostics', () => {
    const [, missing, pass] = parseDiagnostics(STDERR, sources);
    expect(missing).toMatchObject({ role: 'kernel', file: 'k.mlir' });
    expect(missing!.line).toBeUndefined();
    expect(pass).toMatchObject({ role: 'tool', message: 'unknown pass or pass pipeline: affine-loop-unrol' });
  });
});

describe('formatDiagnostic', () => {
  it('shows a code frame with a caret under the column', () => {
    const text = 'line one\nline two has the error\nline three';
    const frame = codeFrame(text, 2, 6);
    expect(frame.split('\n')).toEqual([
      '  1 | line one',
      '> 2 | line two has the error',
      '    |      ^',
      '  3 | line three',
    ]);
    const shown = formatDiagnostic({ role: 'kernel', severity: 'error', message: 'boom', file: 'k.mlir', line: 2, column: 6, notes: [] }, { 'k.mlir': text });
    expect(shown.split('\n')[0]).toBe('k.mlir:2:6: error: boom');
  });
});
