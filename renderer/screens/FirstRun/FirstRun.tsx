import { useState, type FormEvent } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import type { AccountEvent } from '../../../shared/formats/account.ts';
import { numberRead } from '../../../shared/formats/typed.ts';
import { todayIso } from '../../format.ts';
import { useStore } from '../../store/store.ts';
import { FormError } from '../../components/FormError/FormError.tsx';
import { AccountImport } from '../../components/AccountFile/AccountFile.tsx';

type Plan = 'creator' | 'pro' | 'business' | 'enterprise' | 'legacy' | 'free';

/** The first screen of a new install: explore a demo creator's account, or set up your own plan. */
export function FirstRun() {
  const change = useStore((s) => s.change);
  const [error, setError] = useState<AppError | null>(null);
  const [setup, setSetup] = useState(false);
  const [plan, setPlan] = useState<Plan>('pro');
  const [credits, setCredits] = useState('1000');
  const [billing, setBilling] = useState<'monthly' | 'annual'>('monthly');
  const [price, setPrice] = useState('');
  const [start, setStart] = useState<string>(todayIso());
  const [seats, setSeats] = useState('1');
  const [balance, setBalance] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    // Numbers as typed, by the shared rule; the first one that is not a number is named, in words, before anything is sent.
    const typed: [string, string, boolean, boolean][] = [
      ['Credits a month', credits, true, plan === 'pro' || plan === 'enterprise'],
      ['Price a month', price, false, plan === 'enterprise' || (plan === 'legacy' && price.trim() !== '')],
      ['Seats', seats, true, plan === 'business'],
      ['Balance HeyGen shows today', balance, false, balance.trim() !== '' && plan !== 'free' && plan !== 'legacy'],
    ];
    const read = typed.map(([label, text, whole, used]) => ({ label, used, read: numberRead(text, { whole }) }));
    const bad = read.find((r) => r.used && !r.read.ok);
    if (bad && !bad.read.ok) return setError({ code: 'invalid-input', message: `${bad.label}: ${bad.read.message}` });
    const [n, usd, seatCount, shown] = read.map((r) => (r.used && r.read.ok ? r.read.value : undefined));
    const date = start as AccountEvent['date'];
    const events: AccountEvent[] = [
      {
        date,
        type: 'subscribe',
        plan,
        ...(plan !== 'free' ? { billing } : {}),
        ...(n !== undefined ? { credits: n } : {}),
        ...(usd !== undefined ? { price: usd } : {}),
      } as AccountEvent,
    ];
    if (seatCount !== undefined && seatCount > 1) events.push({ date, type: 'seats', count: seatCount });
    if (shown !== undefined) events.push({ date: todayIso(), type: 'balance-check', balance: shown });
    setError(await change('account-replace', { account: { format: 'credit-companion/account@1', events } }));
  }

  return (
    <main className="first-run" aria-label="Welcome">
      <h1>Welcome to Credit Companion</h1>
      <p>Know which credits expire when, whether your next project fits, and which plan is cheapest for the way you work: exactly, and offline.</p>
      <div className="first-run__choices">
        <button type="button" className="primary" onClick={async () => setError(await change('account-demo', {}))}>
          Explore with a demo account
        </button>
        <button type="button" onClick={() => setSetup(true)} aria-expanded={setup}>
          Set up my plan
        </button>
        <AccountImport />
      </div>
      {setup && (
        <form className="card setup" onSubmit={submit} aria-label="Set up my plan">
          <label>
            Plan
            <select value={plan} onChange={(e) => setPlan(e.target.value as Plan)}>
              <option value="free">Free</option>
              <option value="creator">Creator (600 credits)</option>
              <option value="pro">Pro</option>
              <option value="business">Business (1,500 credits)</option>
              <option value="enterprise">Enterprise</option>
              <option value="legacy">Legacy unlimited</option>
            </select>
          </label>
          {(plan === 'pro' || plan === 'enterprise') && (
            <label>
              Credits a month (your tier)
              <input inputMode="numeric" value={credits} onChange={(e) => setCredits(e.target.value)} />
            </label>
          )}
          {plan !== 'free' && (
            <label>
              Billing
              <select value={billing} onChange={(e) => setBilling(e.target.value as 'monthly' | 'annual')}>
                <option value="monthly">monthly</option>
                <option value="annual">annual</option>
              </select>
            </label>
          )}
          {(plan === 'enterprise' || plan === 'legacy') && (
            <label>
              Price a month (USD)
              <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
            </label>
          )}
          {plan === 'business' && (
            <label>
              Seats
              <input inputMode="numeric" value={seats} onChange={(e) => setSeats(e.target.value)} />
            </label>
          )}
          <label>
            Subscribed on (the renewal day comes from it)
            <input type="date" value={start} onChange={(e) => setStart(e.target.value)} />
          </label>
          {plan !== 'free' && plan !== 'legacy' && (
            <label>
              Balance HeyGen shows today (optional)
              <input inputMode="decimal" value={balance} onChange={(e) => setBalance(e.target.value)} placeholder="e.g. 1234.5" />
            </label>
          )}
          <button type="submit" className="primary">
            Start
          </button>
        </form>
      )}
      <FormError error={error} />
    </main>
  );
}
