/**
 * Every run starts from a populated, synced world, so random commands have something
 * to act on: two projects and four tasks made in Planner, three tasks made in Outlook
 * in Planner's lists, all synced by the real jobs.
 */
import { createProject } from '../../src/server/projects/service';
import { createTask } from '../../src/server/tasks/service';
import { quiesce } from './quiesce';
import type { World } from './world';
import { activeMappings } from './world-state';

export async function populateWorld(world: World): Promise<void> {
  const projects: { id: string }[] = [];
  for (let i = 0; i < 2; i++) projects.push(await createProject(world.db, world.userId, { name: `P${world.nextToken++}` }));
  for (const projectId of [null, null, projects[0].id, projects[1].id]) {
    const title = `T${world.nextToken++}`;
    world.createdTokens.add(title);
    await createTask(world.db, world.userId, { title, project_id: projectId, notes: 'from Planner' });
  }
  await quiesce(world);
  const mappings = await activeMappings(world);
  const inbox = mappings.find((m) => m.is_default)!;
  const first = mappings.find((m) => m.project_id === projects[0].id)!;
  for (const listId of [inbox.graph_list_id, inbox.graph_list_id, first.graph_list_id]) {
    const title = `T${world.nextToken++}`;
    world.createdTokens.add(title);
    await world.emulator.control.createTask(world.mailboxId, listId, { title, body: { content: 'from Outlook', contentType: 'text' } });
  }
  await quiesce(world);
  world.trace.push(`populated: ${world.createdTokens.size} tasks in Inbox and 2 projects, synced`);
}
