export * from './service';
export * from './errors';
export * from './views';
export { createProjectInput, updateProjectInput, PROJECT_NAME_MAX, PROJECT_STATUSES } from './schemas';
export type { CreateProjectInput, UpdateProjectInput } from './schemas';
