export { exportHandoff, type ExportOptions, type ExportResult } from './export.js';
export { handoffCommands, runScript, shellLine, type HandoffCommands } from './commands.js';
export { recordMeasurement } from './measured.js';
