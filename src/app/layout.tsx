import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: 'Planner',
  description: 'Plan projects in Planner, live in Outlook: two-way sync with Microsoft To Do.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
