import { elementCount, type ElementType } from '../ir/types.js';

/** A memref argument the harness allocates, fills, passes and compares. */
export interface HarnessBuffer {
  kind: 'buffer';
  name: string;
  /** Type as written in the kernel's signature. */
  type: string;
  element: ElementType;
  shape: number[];
  /** Indices of the dynamic dimensions in `shape`, which `memref.alloc` takes as operands. */
  dynamicDims: number[];
  seed: bigint;
  /** Values drawn from [lo, hi) instead of the default range (integers: floor of it). */
  range?: [number, number];
}

/** A scalar argument the harness passes as a constant. */
export interface HarnessScalar {
  kind: 'scalar';
  name: string;
  type: string;
  value: string;
}

export type HarnessArgument = HarnessBuffer | HarnessScalar;

export interface HarnessSpec {
  /** Top-level ops of the original module and of the renamed transformed module. */
  moduleOps: string[];
  original: string;
  transformed: string;
  arguments: HarnessArgument[];
}

export const HARNESS_ENTRY = '__hlsched_main';
export const ORIGINAL_DONE_MARKER = 'HLSCHED original-done';
export const TRANSFORMED_DONE_MARKER = 'HLSCHED transformed-done';

/** Widens `value` of type `element` to f64 (one comparison path for all types); returns [line, f64 value]. */
function widen(element: ElementType, value: string, out: string): [string, string] {
  switch (element) {
    case 'f64': return ['', value];
    case 'f32': return [`${out} = arith.extf ${value} : f32 to f64`, out];
    default: return [`${out} = arith.sitofp ${value} : ${element} to f64`, out];
  }
}

/** Turns the high bits of the LCG state `%hi` (24 random bits) into a value of `element`; returns [lines, value]. */
function sample(element: ElementType): [string, string] {
  if (element === 'f32' || element === 'f64') {
    // Floats in [-0.5, 0.5): small enough that products and sums stay well inside range.
    return [[
      `%f = arith.uitofp %hi : i64 to ${element}`,
      `%scale = arith.constant 5.9604644775390625E-8 : ${element}`,
      `%half = arith.constant 0.5 : ${element}`,
      `%u = arith.mulf %f, %scale : ${element}`,
      `%v = arith.subf %u, %half : ${element}`,
    ].join('\n      '), '%v'];
  }
  // Integers in [-8, 8): products of a few stay exact and overflow, if any, wraps the same on both sides.
  return [[
    '%mask = arith.constant 15 : i64',
    '%eight = arith.constant 8 : i64',
    '%low = arith.andi %hi, %mask : i64',
    '%centred = arith.subi %low, %eight : i64',
    ...(element === 'i64' ? [] : [`%v = arith.trunci %centred : i64 to ${element}`]),
  ].join('\n      '), element === 'i64' ? '%centred' : '%v'];
}

function fillHelper(element: ElementType): string {
  const [sampleLines, value] = sample(element);
  return `  func.func private @__hlsched_fill_${element}(%m: memref<?x${element}>, %seed: i64) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = memref.dim %m, %c0 : memref<?x${element}>
    %a = arith.constant 6364136223846793005 : i64
    %b = arith.constant 1442695040888963407 : i64
    %shift = arith.constant 40 : i64
    %last = scf.for %i = %c0 to %n step %c1 iter_args(%s = %seed) -> (i64) {
      %product = arith.muli %s, %a : i64
      %next = arith.addi %product, %b : i64
      %hi = arith.shrui %next, %shift : i64
      ${sampleLines}
      memref.store ${value}, %m[%i] : memref<?x${element}>
      scf.yield %next : i64
    }
    return
  }`;
}

/** Fills with values in [lo, lo + span): the LCG's 24 high bits as a fraction, scaled in f64, then converted. */
function rangedFillHelper(element: ElementType): string {
  const isFloat = element === 'f32' || element === 'f64';
  const convert = element === 'f64' ? ['', '%v'] : isFloat ? [`%v32 = arith.truncf %v : f64 to ${element}`, '%v32']
    : [`%fl = math.floor %v : f64\n      %vi = arith.fptosi %fl : f64 to ${element}`, '%vi'];
  return `  func.func private @__hlsched_fill_range_${element}(%m: memref<?x${element}>, %seed: i64, %lo: f64, %span: f64) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = memref.dim %m, %c0 : memref<?x${element}>
    %a = arith.constant 6364136223846793005 : i64
    %b = arith.constant 1442695040888963407 : i64
    %shift = arith.constant 40 : i64
    %scale = arith.constant 5.9604644775390625E-8 : f64
    %last = scf.for %i = %c0 to %n step %c1 iter_args(%s = %seed) -> (i64) {
      %product = arith.muli %s, %a : i64
      %next = arith.addi %product, %b : i64
      %hi = arith.shrui %next, %shift : i64
      %f = arith.uitofp %hi : i64 to f64
      %u = arith.mulf %f, %scale : f64
      %w = arith.mulf %u, %span : f64
      %v = arith.addf %w, %lo : f64
      ${convert[0]}
      memref.store ${convert[1]}, %m[%i] : memref<?x${element}>
      scf.yield %next : i64
    }
    return
  }`;
}

function compareHelper(element: ElementType): string {
  const [widenX, x] = widen(element, '%xe', '%xv');
  const [widenY, y] = widen(element, '%ye', '%yv');
  return `  func.func private @__hlsched_compare_${element}(%x: memref<?x${element}>, %y: memref<?x${element}>) -> (f64, f64) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %zero = arith.constant 0.0 : f64
    %n = memref.dim %x, %c0 : memref<?x${element}>
    %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%diff = %zero, %scale = %zero) -> (f64, f64) {
      %xe = memref.load %x[%i] : memref<?x${element}>
      %ye = memref.load %y[%i] : memref<?x${element}>
      ${widenX}
      ${widenY}
      %d = arith.subf ${x}, ${y} : f64
      %ad = math.absf %d : f64
      %ax = math.absf ${x} : f64
      // maximumf propagates NaN, so a NaN anywhere reaches the printed result.
      %diff2 = arith.maximumf %diff, %ad : f64
      %scale2 = arith.maximumf %scale, %ax : f64
      scf.yield %diff2, %scale2 : f64, f64
    }
    return %r#0, %r#1 : f64, f64
  }`;
}

function bufferElements(args: HarnessArgument[]): Set<ElementType> {
  return new Set(args.filter((a): a is HarnessBuffer => a.kind === 'buffer').map((a) => a.element));
}

/**
 * Emits the constants and filled buffers for every argument, one buffer per side (`o`, `t`) with the
 * same seed; returns call operands in which `%#` stands for the side's prefix.
 */
function setUpArguments(args: HarnessArgument[], sides: string[], body: string[]): string[] {
  return args.map((argument, index) => {
    if (argument.kind === 'scalar') {
      body.push(`%s${index} = arith.constant ${argument.value} : ${argument.type}`);
      return `%s${index}`;
    }
    for (const side of sides) allocate(argument, `${side}${index}`, body);
    body.push(`%seed${index} = arith.constant ${argument.seed} : i64`);
    if (argument.range) {
      body.push(`%lo${index} = arith.constant ${argument.range[0].toExponential(16)} : f64`, `%span${index} = arith.constant ${(argument.range[1] - argument.range[0]).toExponential(16)} : f64`);
    }
    for (const side of sides) {
      body.push(argument.range
        ? `func.call @__hlsched_fill_range_${argument.element}(%${side}${index}_any, %seed${index}, %lo${index}, %span${index}) : (memref<?x${argument.element}>, i64, f64, f64) -> ()`
        : `func.call @__hlsched_fill_${argument.element}(%${side}${index}_any, %seed${index}) : (memref<?x${argument.element}>, i64) -> ()`);
    }
    return `%#${index}`;
  });
}

function flatType(buffer: HarnessBuffer): string {
  return `memref<${elementCount(buffer.shape)}x${buffer.element}>`;
}

function allocate(buffer: HarnessBuffer, id: string, lines: string[]): void {
  const sizes = buffer.dynamicDims.map((dim, k) => {
    lines.push(`%${id}_d${k} = arith.constant ${buffer.shape[dim]} : index`);
    return `%${id}_d${k}`;
  });
  lines.push(`%${id} = memref.alloc(${sizes.join(', ')}) : ${buffer.type}`);
  lines.push(`%${id}_flat = memref.reinterpret_cast %${id} to offset: [0], sizes: [${elementCount(buffer.shape)}], strides: [1] : ${buffer.type} to ${flatType(buffer)}`);
  lines.push(`%${id}_any = memref.cast %${id}_flat : ${flatType(buffer)} to memref<?x${buffer.element}>`);
}

/**
 * Generates one module holding both kernels and a `@__hlsched_main` that gives every memref
 * argument the same seeded pseudo-random contents on both sides, calls both, and prints
 * `HLSCHED arg <i> diff|scale <value>` for every memref argument.
 */
export function generateHarness(spec: HarnessSpec): string {
  const elements = bufferElements(spec.arguments);
  const body: string[] = [];
  const callOperands = setUpArguments(spec.arguments, ['o', 't'], body);
  const signature = `(${spec.arguments.map((a) => a.type).join(', ')}) -> ()`;
  const operands = (side: string) => callOperands.map((operand) => operand.replace('%#', `%${side}`)).join(', ');
  body.push(`func.call @${spec.original}(${operands('o')}) : ${signature}`);
  body.push(`vector.print str "${ORIGINAL_DONE_MARKER}\\n"`);
  // stdout is a pipe, so block-buffered: flush, or a crash in the transformed kernel loses the marker.
  body.push('%stdout_all = llvm.mlir.zero : !llvm.ptr', 'func.call @fflush(%stdout_all) : (!llvm.ptr) -> i32');
  body.push(`func.call @${spec.transformed}(${operands('t')}) : ${signature}`);
  body.push(`vector.print str "${TRANSFORMED_DONE_MARKER}\\n"`);
  spec.arguments.forEach((argument, index) => {
    if (argument.kind !== 'buffer') return;
    const flat = `memref<?x${argument.element}>`;
    body.push(`%cmp${index}:2 = func.call @__hlsched_compare_${argument.element}(%o${index}_any, %t${index}_any) : (${flat}, ${flat}) -> (f64, f64)`);
    body.push(`vector.print str "HLSCHED arg ${index} diff "`, `vector.print %cmp${index}#0 : f64`);
    body.push(`vector.print str "HLSCHED arg ${index} scale "`, `vector.print %cmp${index}#1 : f64`);
  });
  return harnessModule(spec.moduleOps, [
    ...[...elements].flatMap((element) => [fillHelper(element), rangedFillHelper(element), compareHelper(element)]),
    '  func.func private @fflush(!llvm.ptr) -> i32',
  ], body);
}

/** The kernels, the helpers and the entry function holding `body`, as one module. */
function harnessModule(moduleOps: string[], helpers: string[], body: string[]): string {
  return [
    'module {',
    ...moduleOps,
    ...helpers,
    `  func.func @${HARNESS_ENTRY}() {`,
    ...[...body, 'return'].map((line) => `    ${line}`),
    '  }',
    '}',
    '',
  ].join('\n');
}

function dumpHelper(element: ElementType): string {
  const [widenX, x] = widen(element, '%xe', '%xv');
  return `  func.func private @__hlsched_dump_${element}(%x: memref<?x${element}>) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = memref.dim %x, %c0 : memref<?x${element}>
    scf.for %i = %c0 to %n step %c1 {
      %xe = memref.load %x[%i] : memref<?x${element}>
      ${widenX}
      vector.print ${x} : f64
    }
    return
  }`;
}

export const DUMP_MARKER = 'HLSCHED dump';

/**
 * A harness that runs only `spec.original` on the same seeded inputs as `generateHarness` and prints
 * every element of every memref argument afterwards: `HLSCHED dump <i>` then one value per line.
 * Other implementations of the kernel (emitted C) are checked against it.
 */
export function generateDumpHarness(spec: Omit<HarnessSpec, 'transformed'>): string {
  const elements = bufferElements(spec.arguments);
  const body: string[] = [];
  const operands = setUpArguments(spec.arguments, ['o'], body).map((operand) => operand.replace('%#', '%o'));
  body.push(`func.call @${spec.original}(${operands.join(', ')}) : (${spec.arguments.map((a) => a.type).join(', ')}) -> ()`);
  spec.arguments.forEach((argument, index) => {
    if (argument.kind !== 'buffer') return;
    body.push(`vector.print str "${DUMP_MARKER} ${index}\\n"`);
    body.push(`func.call @__hlsched_dump_${argument.element}(%o${index}_any) : (memref<?x${argument.element}>) -> ()`);
  });
  return harnessModule(spec.moduleOps, [...elements].flatMap((element) => [fillHelper(element), rangedFillHelper(element), dumpHelper(element)]), body);
}

/** Reads `HLSCHED dump <i>` sections: argument index -> values. */
export function parseDump(stdout: string): Map<number, number[]> {
  const dumps = new Map<number, number[]>();
  let current: number[] | undefined;
  for (const line of stdout.split('\n')) {
    const header = new RegExp(`^${DUMP_MARKER} (\\d+)$`).exec(line.trim());
    if (header) {
      current = [];
      dumps.set(Number(header[1]), current);
    } else if (current && line.trim() !== '') {
      current.push(Number(line.trim()));
    }
  }
  return dumps;
}
