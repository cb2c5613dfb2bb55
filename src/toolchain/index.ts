export * from './types.js';
export { discoverToolchain, parseToolVersion, type DiscoverOptions } from './discover.js';
export { runTool, runExecutable, describeRunEnd, onToolCommand, DEFAULT_TOOL_MEMORY_MB, DEFAULT_TOOL_TIMEOUT_MS } from './run-tool.js';
export { withTempDir } from './temp-dir.js';
export { parseDiagnostics, makeDiagnostic, type Diagnostic, type DiagnosticRole, type Severity, type SourceMap } from './diagnostics.js';
export { codeFrame, formatDiagnostic, type SourceTexts } from './code-frame.js';
