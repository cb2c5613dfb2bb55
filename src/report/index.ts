export { renderReportHtml } from './page.js';
export { bestSoFar, loopBars, reportUnitFromRun, type OptimizeRun } from './from-optimize.js';
export { highlightMlir } from './highlight.js';
export type { CycleBar, ParetoPoint, ReportCandidate, ReportUnit } from './types.js';
export { writeHtmlReport, readReportUnit, REPORT_DATA_FILE } from './write.js';
