import { useState } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import { useStore } from '../../store/store.ts';

/** The first screen of a new install: explore a demo creator's account, or start from your own plan. */
export function FirstRun() {
  const change = useStore((s) => s.change);
  const [error, setError] = useState<AppError | null>(null);
  return (
    <main className="first-run">
      <h1>Welcome to Credit Companion</h1>
      <p>Know which credits expire when, whether your next project fits, and which plan is cheapest for the way you work: exactly, and offline.</p>
      <div className="first-run__choices">
        <button type="button" className="primary" onClick={async () => setError(await change('account-demo', {}))}>
          Explore with a demo account
        </button>
      </div>
      {error && <p role="alert" className="form-error">{error.message}</p>}
    </main>
  );
}
