'use client';

export default function PlannerError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="page">
      <div className="banner danger-banner" role="alert">
        <span>Something went wrong loading this page.</span>
        <button type="button" className="button small" onClick={reset}>
          Try again
        </button>
      </div>
    </div>
  );
}
