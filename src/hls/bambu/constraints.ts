import type { OperatorClass, TargetSpec } from '../target.js';

/**
 * A recipe's unit limits as a Bambu resource-constraints file (`bambu --constraints=constraints.xml`):
 * one `tech_constraints` entry per operator class, `n` instances of the unit that implements it.
 * With --soft-float, Bambu builds f32 arithmetic from its soft-float library functions; the names
 * below are those functions (e8m23, bias -127, no infinities, NaNs or subnormals). Bambu is not
 * installed where hlsched is tested, so the names are not checked against a Bambu run: compare them
 * with the module allocation in bambu.log.
 */
const UNIT_NAMES: Partial<Record<OperatorClass, string>> = {
  fadd: '__float_adde8m23b_127nih',
  fmul: '__float_mule8m23b_127nih',
  fdiv: '__float_divSRT4e8m23b_127nih',
};

export function bambuConstraints(units: Partial<Record<OperatorClass, number>>): string {
  const entries = (Object.entries(units) as Array<[OperatorClass, number]>).map(([operator, n]) => {
    const name = UNIT_NAMES[operator];
    return name
      ? `      <tech_constraints fu_name="${name}" fu_library="WORK_LIBRARY" n="${n}"/> <!-- ${operator} -->`
      : `      <!-- ${operator}: at most ${n} units; no Bambu unit name known to hlsched: add its entry from bambu.log -->`;
  });
  return [
    '<?xml version="1.0"?>',
    '<!-- Written by hlsched optimize: the unit limits its estimate assumed (the recipe\'s limit-units step).',
    '     Pass it to Bambu as --constraints=constraints.xml; check the unit names against bambu.log. -->',
    '<constraints>',
    '   <HLS_constraints>',
    ...entries,
    '   </HLS_constraints>',
    '</constraints>',
    '',
  ].join('\n');
}

/** The target's unit limits (`unitInstances`: a recipe's limit-units, `--units`), if it has any. */
export function unitConstraintsOf(target: TargetSpec): Partial<Record<OperatorClass, number>> | undefined {
  const units = target.unitInstances;
  return units && Object.keys(units).length > 0 ? units : undefined;
}
