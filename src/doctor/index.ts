export { formatDoctor, runDoctor } from './doctor.js';
export type { DoctorCheck, DoctorContext } from './types.js';
