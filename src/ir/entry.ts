/**
 * The entry of a module that holds several public functions: the one no other function calls (a
 * model exported as `@forward` calling `@conv_block`, `@bottleneck`...). One rule for the generic
 * reader (estimate, optimize) and the text reader (verify).
 */
export function entryFunctions<T>(publicFunctions: T[], name: (fn: T) => string, callsOf: (fn: T) => Iterable<string>): T[] {
  if (publicFunctions.length <= 1) return publicFunctions;
  const called = new Set<string>();
  for (const fn of publicFunctions) for (const callee of callsOf(fn)) if (callee !== name(fn)) called.add(callee);
  return publicFunctions.filter((fn) => !called.has(name(fn)));
}

/** Callees named in MLIR text, pretty (`call @f`, `func.call @f`) or generic (`callee = @f`). */
export function calleesInText(text: string): Set<string> {
  return new Set([...text.matchAll(/(?:\bcall\s+@|\bcallee\s*=\s*@)"?([\w$.-]+)"?/g)].map((m) => m[1]!));
}
