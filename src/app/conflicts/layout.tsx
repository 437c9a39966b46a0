/** /conflicts lives inside the app frame. */
import { AppShell } from '../_components/app-shell';
import { loadOverview, requirePageContext } from '../_lib/page-context';

export default async function ConflictsLayout({ children }: { children: React.ReactNode }) {
  const { user } = await requirePageContext();
  return (
    <AppShell user={user} overview={await loadOverview()}>
      {children}
    </AppShell>
  );
}
