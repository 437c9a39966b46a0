import type { Metadata } from 'next';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: 'Planner',
  description: 'Plan projects in Planner, live in Outlook: two-way sync with Microsoft To Do.',
};

/** Rendered per request: the proxy's CSP nonce must reach Next's inline scripts (decision 0042). */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
