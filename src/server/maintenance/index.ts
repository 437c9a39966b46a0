/** The guide §8 maintenance services: the operator programs of src/cli (scripts/*.mjs and `npm run planner`) call these. */
export { archiveClosedProjects, type ArchiveOptions, type ArchiveSummary } from './archive-closed-projects';
export { backfillTaskSync, type BackfillOptions, type BackfillSummary } from './backfill-task-sync';
export { OperatorInputError } from './operator-input-error';
