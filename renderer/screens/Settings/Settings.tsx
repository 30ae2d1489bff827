import { useState } from 'react';
import type { AppState, Settings as SettingsData } from '../../../shared/api.ts';
import { Conflict } from '../../components/Conflict/Conflict.tsx';
import type { AccountView } from '../../../shared/view.ts';
import { fmtDate } from '../../format.ts';
import { useStore } from '../../store/store.ts';
import { EventForm } from './EventForm.tsx';
import { NumberInput } from '../../components/NumberInput/NumberInput.tsx';
import { TierForm } from './TierForm.tsx';
import { Backups } from './Backups.tsx';
import { Team } from './Team.tsx';
import { AccountImport, accountExport } from '../../components/AccountFile/AccountFile.tsx';
import { NotificationSettings } from '../../components/BrowserNotifications/BrowserNotifications.tsx';
import { useSettingSaves, type Section, type SettingSaves } from './useSettingSaves.ts';

export type Props = { readonly view: AccountView };

type SettingNumberProps = { readonly label: string; readonly value: number; readonly min: number; readonly max: number; readonly onSave: (value: number) => void };

/** A whole-number preference, saved as it is typed once it is in range: an emptied field saves nothing (the setting stays, shown greyed), never 0. */
function SettingNumber({ label, value, min, max, onSave }: SettingNumberProps) {
  const [outOfRange, setOutOfRange] = useState(false);
  return (
    <label>
      {label}
      <NumberInput
        label={label}
        value={value}
        whole
        placeholder={String(value)}
        onChange={(n) => {
          const bad = n !== undefined && (n < min || n > max);
          setOutOfRange(bad);
          if (n !== undefined && !bad && n !== value) onSave(n);
        }}
      />
      {outOfRange && (
        <span className="field-error">
          a whole number from {min} to {max}; {value} is kept
        </span>
      )}
    </label>
  );
}

/** The plan and its changes, the prices you see at checkout, preferences, and the data itself. */
export function Settings({ view }: Props) {
  const app = useStore((s) => s.app)!;
  const saves = useSettingSaves();
  const plan = view.ledger.plan;
  return (
    <main className="screen settings" aria-label="Settings">
      <section className="card" aria-label="Plan">
        <h2>Plan</h2>
        <p>
          {plan ? (
            <>
              <strong>{plan.label}</strong> since {fmtDate(plan.since)} · renews on day {plan.anchorDay} · next charge {fmtDate(plan.nextChargeOn)}
              {plan.pending ? ` · ${plan.pending.label} from ${fmtDate(plan.pending.on)}` : ''}
            </>
          ) : (
            'Free'
          )}
        </p>
        <EventForm plan={plan} />
      </section>
      <TierPrices app={app} saves={saves} />
      <Preferences app={app} saves={saves} />
      <FreeQuota app={app} saves={saves} />
      <YourData app={app} />
      <Team />
    </main>
  );
}

type SectionProps = { readonly app: AppState; readonly saves: SettingSaves };

/** The choice a stale change offers, in the section it was made in. */
function StaleChoice({ saves: { stale, setStale }, section }: { readonly saves: SettingSaves; readonly section: Section }) {
  const load = useStore((s) => s.load);
  if (stale?.section !== section) return null;
  return <Conflict error={stale.error} onReload={() => void load().then(() => setStale(null))} onOverwrite={() => void stale.overwrite()} />;
}

/** The Pro tier prices entered, each removable, and the form that adds one. */
function TierPrices({ app, saves }: SectionProps) {
  const { updateCatalog } = saves;
  const tiers = app.catalog.proTiers ?? [];
  return (
    <section className="card" aria-label="Pro tier prices">
      <h2>Pro tier prices you have seen</h2>
      <p className="muted">Only Pro 1,000 ($49) and Pro 100,000 ($4,300) are published; prices you enter replace the app’s estimates.</p>
      {tiers.length === 0 ? (
        <p className="empty">No prices entered yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col" className="num">Credits a month</th>
              <th scope="col" className="num">Monthly</th>
              <th scope="col" className="num">Annual, per month</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tiers.map((t) => (
              <tr key={t.credits}>
                <td className="num">{t.credits.toLocaleString()}</td>
                <td className="num">${t.monthly}</td>
                <td className="num">{t.annualMonthly !== undefined ? `$${t.annualMonthly}` : '—'}</td>
                <td className="actions">
                  <button type="button" aria-label={`Remove the Pro ${t.credits} price`} onClick={() => void updateCatalog({ proTiers: tiers.filter((x) => x.credits !== t.credits) }, 'prices')}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <StaleChoice saves={saves} section="prices" />
      <TierForm tiers={tiers} revision={app.revision} />
    </section>
  );
}

/** The look, the warnings and the forecast's horizon; the browser's notifications. */
function Preferences({ app, saves }: SectionProps) {
  const { update } = saves;
  return (
    <section className="card" aria-label="Preferences">
      <h2>Preferences</h2>
      <div className="inline-form">
        <label>
          Appearance
          <select value={app.settings.theme} onChange={(e) => void update({ theme: e.target.value as SettingsData['theme'] })}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <SettingNumber label="Warn about expiring credits (days before; 0 = off)" value={app.settings.notifyExpiryDays} min={0} max={60} onSave={(n) => void update({ notifyExpiryDays: n })} />
        <SettingNumber label="Forecast horizon (months)" value={app.settings.forecastMonths} min={1} max={24} onSave={(n) => void update({ forecastMonths: n })} />
        <label className="check">
          <input type="checkbox" checked={app.settings.notifyRunOut} onChange={(e) => void update({ notifyRunOut: e.target.checked })} />
          Warn when credits would run out before the renewal
        </label>
      </div>
      <StaleChoice saves={saves} section="preferences" />
      <NotificationSettings />
    </section>
  );
}

/** The free plan's quota in the user's region. */
function FreeQuota({ app, saves }: SectionProps) {
  const { updateCatalog } = saves;
  return (
    <section className="card" aria-label="Free plan quota">
      <h2>Free plan in your region</h2>
      <p className="muted">HeyGen gives 1 to 3 free videos of 1 to 3 minutes, depending on the region.</p>
      <div className="inline-form">
        <label>
          Free videos
          <select value={app.catalog.freeQuota?.videos ?? 3} onChange={(e) => void updateCatalog({ freeQuota: { videos: Number(e.target.value), maxMinutes: app.catalog.freeQuota?.maxMinutes ?? 3 } }, 'free')}>
            {[1, 2, 3].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <label>
          Longest free video (minutes)
          <select value={app.catalog.freeQuota?.maxMinutes ?? 3} onChange={(e) => void updateCatalog({ freeQuota: { videos: app.catalog.freeQuota?.videos ?? 3, maxMinutes: Number(e.target.value) } }, 'free')}>
            {[1, 3].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
      </div>
      <StaleChoice saves={saves} section="free" />
    </section>
  );
}

/** Where the data is kept; export, import, backups, and reset. */
function YourData({ app }: { readonly app: AppState }) {
  const change = useStore((s) => s.change);
  const notify = useStore((s) => s.notify);
  const notifyChange = useStore((s) => s.notifyChange);
  const [resetText, setResetText] = useState('');
  return (
    <section className="card" aria-label="Data">
      <h2>Your data</h2>
      <p className="muted">
        Kept in <code data-testid="data-dir">{app.dataDir}</code>, with a change journal and the last 5 good backups.
      </p>
      <div className="inline-form">
        <button type="button" onClick={() => void accountExport()}>
          Export the account file…
        </button>
        <AccountImport />
      </div>
      <Backups />
      <form
        className="inline-form danger"
        aria-label="Reset"
        onSubmit={async (e) => {
          e.preventDefault();
          const err = await change('account-reset', { confirm: resetText as 'reset' });
          if (err) notify({ message: err.message });
          else notifyChange('The account was reset');
        }}
      >
        <label>
          Type “reset” to delete the account and its projects (export the account file first: it holds both)
          <input value={resetText} onChange={(e) => setResetText(e.target.value)} />
        </label>
        <button type="submit" className="button--danger" disabled={resetText !== 'reset'}>
          Reset
        </button>
      </form>
    </section>
  );
}
