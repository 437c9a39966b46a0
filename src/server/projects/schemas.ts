/** What a project may look like on the way in (API bodies, server actions). */
import { z } from 'zod';
import { noNul } from '../http/plain-text';

export const PROJECT_NAME_MAX = 200;
export const PROJECT_STATUSES = ['Active', 'Completed', 'Cancelled'] as const;

export const projectName = noNul(
  z
    .string({ error: 'Name is required' })
    .trim()
    .min(1, 'Name can’t be empty')
    .max(PROJECT_NAME_MAX, `Name must be at most ${PROJECT_NAME_MAX} characters`),
  'Name',
);

export const projectStatus = z.enum(PROJECT_STATUSES, { error: 'Status must be Active, Completed or Cancelled' });

export const createProjectInput = z.strictObject({
  name: projectName,
  status: projectStatus.optional(),
});

export const updateProjectInput = z
  .strictObject({
    name: projectName.optional(),
    status: projectStatus.optional(),
  })
  .refine((v) => v.name !== undefined || v.status !== undefined, { error: 'Nothing to change: send name or status' });

export type CreateProjectInput = z.input<typeof createProjectInput>;
export type UpdateProjectInput = z.input<typeof updateProjectInput>;

export const uuid = z.uuid();
