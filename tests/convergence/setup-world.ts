/**
 * Every run starts from a populated, synced world, so random commands have something
 * to act on: two projects and four tasks made in Planner, three tasks made in Outlook
 * in Planner's lists, all synced by the real jobs. One task of each side has steps
 * (the first Planner task two, one checked; the first Outlook task one), so step edits
 * have something to edit from the first command.
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
    const steps = projectId === null && world.createdTokens.size === 1 ? [{ title: `s${world.nextStep++}`, checked: false }, { title: `s${world.nextStep++}`, checked: true }] : undefined;
    await createTask(world.db, world.userId, { title, project_id: projectId, notes: 'from Planner', steps });
  }
  await quiesce(world);
  const mappings = await activeMappings(world);
  const inbox = mappings.find((m) => m.is_default)!;
  const first = mappings.find((m) => m.project_id === projects[0].id)!;
  for (const [i, listId] of [inbox.graph_list_id, inbox.graph_list_id, first.graph_list_id].entries()) {
    const title = `T${world.nextToken++}`;
    world.createdTokens.add(title);
    const made = await world.emulator.control.createTask(world.mailboxId, listId, { title, body: { content: 'from Outlook', contentType: 'text' } });
    if (i === 0) await world.emulator.control.addChecklistItem(world.mailboxId, listId, made.id, `s${world.nextStep++}`);
  }
  await quiesce(world);
  world.trace.push(`populated: ${world.createdTokens.size} tasks in Inbox and 2 projects, synced`);
}

/**
 * The second user's start: a project and two tasks in Planner (their jobs queued, not
 * worked) and a task in its Outlook Tasks list (a list Planner does not sync). Nothing is quiesced here: the first
 * user's run goes on around it, and the final comparison brings both to rest.
 */
export async function populatePeer(peer: World): Promise<string> {
  const project = await createProject(peer.db, peer.userId, { name: `P${peer.nextToken++}` });
  for (const projectId of [null, project.id]) {
    const title = `T${peer.nextToken++}`;
    peer.createdTokens.add(title);
    await createTask(peer.db, peer.userId, { title, project_id: projectId, notes: 'from Planner, user 2' });
  }
  const mailbox = await peer.emulator.control.mailbox(peer.mailboxId);
  const tasksList = mailbox.lists.find((l) => l.wellknownListName === 'defaultList');
  if (tasksList) {
    const title = `T${peer.nextToken++}`;
    peer.createdTokens.add(title);
    peer.mayBeGone.add(title); // Planner maps its own lists (the Inbox is "Planner Inbox"), not Outlook's Tasks list
    await peer.emulator.control.createTask(peer.mailboxId, tasksList.id, { title, body: { content: 'from Outlook, user 2', contentType: 'text' } });
  }
  return `${peer.createdTokens.size} tasks (Planner Inbox and ${project.name}, Outlook Tasks)`;
}
