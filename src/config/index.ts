export { applyDefaults, configCandidates, readConfig, type ConfigDefaults, type HlschedConfig, type LoadedConfig } from './config-file.js';
export { defaultDataDirs, isInstalledPackage, seedCorpus, SHIPPED_CORPUS_DIR, userDataDir } from './user-dirs.js';
