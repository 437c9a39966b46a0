/** The guide §8 operator scripts' services (scripts/*.mjs and the CLI call these). */
export { archiveClosedProjects, type ArchiveOptions, type ArchiveSummary } from './archive-closed-projects';
export { backfillTaskSync, type BackfillOptions, type BackfillSummary } from './backfill-task-sync';
export { ScriptInputError } from './script-errors';
