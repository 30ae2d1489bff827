import { useEffect, useMemo, useRef, useState } from 'react';
import { RATE_CARD_2026_11, rateOf, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import type { AppError } from '../../../shared/errors.ts';
import { PROJECT_FORMAT, projectParseText, type Project, type ProjectLine } from '../../../shared/formats/project.ts';
import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { creditsWord, fmtCredits, fmtDate, fmtMoney, fmtSentence, numberParse, todayIso } from '../../format.ts';
import { draftClear, draftOf, useDrafts } from '../../store/drafts.ts';
import { useStore } from '../../store/store.ts';
import { useCall } from '../../useCall.ts';
import { download } from '../../download.ts';
import { fitClass, fitText } from '../../fitText.ts';
import { NumberInput } from '../../components/NumberInput/NumberInput.tsx';
import { FormError } from '../../components/FormError/FormError.tsx';
import { Conflict, isStale } from '../../components/Conflict/Conflict.tsx';

type Draft = Omit<Project, 'date'> & { date: string };

const DRAFT = 'project';
/** The account's revision the project being edited was opened at: its save says so, and is refused if another window changed it since. */
const DRAFT_REVISION = 'project-revision';

function blank(): Draft {
  return { format: PROJECT_FORMAT, name: 'New project', date: todayIso(), resolution: '1080p', customAvatars: 0, lines: [{ feature: 'avatar-iv', minutes: 5 }] };
}

const LOT_KIND: Record<string, string> = { allocation: 'monthly credits', upgrade: 'upgrade credits', addon: 'add-on credits', adjustment: 'balance-check credits' };

/** Plan a project: its lines, what it costs, what the plan allows, and whether it fits on its date. */
export function Projects() {
  const app = useStore((s) => s.app)!;
  const change = useStore((s) => s.change);
  const notify = useStore((s) => s.notify);
  const notifyChange = useStore((s) => s.notifyChange);
  // The project being worked on survives switching screens and reloading until it is saved or deleted.
  const [draft, setDraftShown] = useState<Draft>(() => draftOf<Draft>(DRAFT) ?? (app.projects[0] ? { ...app.projects[0] } : blank()));
  const setDraft = (next: Draft) => {
    setDraftShown(next);
    useDrafts.getState().put(DRAFT, next);
  };
  const opened = useRef<number>((draftOf(DRAFT) !== undefined ? draftOf<number>(DRAFT_REVISION) : undefined) ?? app.revision);
  const openedSet = (revision: number) => {
    opened.current = revision;
    useDrafts.getState().put(DRAFT_REVISION, revision);
  };
  /** The project shown as it is stored, not edited since: it follows a change made in another window. */
  const asStored = useRef<Draft | null>(draftOf(DRAFT) === undefined && draft.id !== undefined ? draft : null);
  /** Show a project as it is stored now. */
  const projectOpen = (project: Project | undefined, revision: number) => {
    const shown = project ? { ...project } : blank();
    setDraftShown(shown);
    asStored.current = project ? shown : null;
    draftClear(DRAFT);
    openedSet(revision);
  };
  useEffect(() => {
    if (asStored.current === null || draft !== asStored.current) return;
    const stored = app.projects.find((p) => p.id === draft.id);
    if (JSON.stringify(stored) !== JSON.stringify(draft)) projectOpen(stored, app.revision);
  });
  const [retries, setRetries] = useState('1');
  // A failed save (or delete) belongs to the draft it was for; editing the draft clears it.
  const [saveError, setSaveError] = useState<{ readonly for: Draft; readonly error: AppError; readonly deleting: boolean } | null>(null);
  // A second Enter while the first save is on its way would be refused as stale by the first.
  const busy = useRef(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const request = useMemo(() => {
    const factor = numberParse(retries);
    return { project: draft as Project, ...(factor !== undefined && factor >= 1 && factor <= 10 ? { retryFactor: factor } : {}) };
  }, [draft, retries]);
  const { value: lastQuote, error: quoteError } = useCall('quote-run', request, 120);
  const retriesValid = request.retryFactor !== undefined || retries.trim() === '';
  const quote = quoteError ? null : lastQuote;
  const error = (saveError?.for === draft ? saveError.error : null) ?? quoteError;
  // The plan cannot make it whatever the credits: a finding other than the balance says why.
  const blocked = quote?.findings.some((f) => f.rule !== 'insufficient-credits') ?? false;

  const setLine = (i: number, line: ProjectLine) => setDraft({ ...draft, lines: draft.lines.map((l, j) => (j === i ? line : l)) });

  /** Run a save or delete once at a time; `force`: over another window's change. */
  async function once(run: () => Promise<void>) {
    if (busy.current) return;
    busy.current = true;
    try {
      await run();
    } finally {
      busy.current = false;
    }
  }

  /** Delete the project shown, with Undo: it comes back with its id, lines and all. */
  const remove = (force = false) =>
    once(async () => {
      const deleted = draft as Project;
      const err = await change('project-delete', { id: deleted.id!, revision: opened.current, ...(force ? { force } : {}) });
      if (isStale(err, 'project')) return setSaveError({ for: draft, error: err, deleting: true });
      if (err) return notify({ message: err.message });
      setSaveError(null);
      projectOpen(undefined, useStore.getState().app!.revision);
      notifyChange(`Deleted “${deleted.name}”`);
    });

  const save = (force = false) =>
    once(async () => {
      const err = await change('project-save', { project: draft as Project, revision: opened.current, ...(force ? { force } : {}) });
      setSaveError(err ? { for: draft, error: err, deleting: false } : null);
      if (err) return;
      const state = useStore.getState().app!;
      projectOpen(state.projects.find((p) => p.name === draft.name && p.date === draft.date) ?? (draft as Project), state.revision);
      notifyChange(`Saved “${draft.name}”`);
    });

  /** Drop this window's edit for the project as the other window left it (or a new one, if it deleted it). */
  async function reload() {
    await useStore.getState().load();
    const state = useStore.getState().app!;
    setSaveError(null);
    projectOpen(state.projects.find((p) => p.id === draft.id), state.revision);
  }

  async function importFile(file: File) {
    const parsed = projectParseText(await file.text());
    if (!parsed.ok) return notify({ message: `${file.name}: ${parsed.error.message}` });
    setDraft({ ...parsed.value, id: undefined });
  }

  return (
    <main className="screen projects" aria-label="Projects">
      <section className="card project-list" aria-label="Planned projects">
        <h2>Planned projects</h2>
        <ul>
          {app.projects.map((p) => (
            <li key={p.id}>
              <button type="button" aria-current={draft.id === p.id ? 'true' : undefined} onClick={() => projectOpen(p, app.revision)}>
                <span>{p.name}</span>
                <span className="muted">{fmtDate(p.date)}</span>
              </button>
            </li>
          ))}
        </ul>
        {app.projects.length === 0 && <p className="empty">No planned projects yet: quote one and save it.</p>}
        <div className="inline-form">
          <button type="button" onClick={() => setDraft(blank())}>
            New project
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import…
          </button>
          <input ref={fileInput} type="file" accept="application/json,.json" hidden aria-label="Project file to import" onChange={(e) => { const f = e.target.files?.[0]; if (f) void importFile(f); e.target.value = ''; }} />
        </div>
      </section>
      <section className="card quoter" aria-label="Quote">
        <form className="project-head" aria-label="Project" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <label>
            Name
            <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </label>
          <label>
            Date
            <input type="date" value={draft.date} onChange={(e) => setDraft({ ...draft, date: e.target.value })} />
          </label>
          <label>
            Export
            <select value={draft.resolution ?? '1080p'} onChange={(e) => setDraft({ ...draft, resolution: e.target.value as Project['resolution'] })}>
              <option value="720p">720p</option>
              <option value="1080p">1080p</option>
              <option value="4k">4K</option>
            </select>
          </label>
          <label>
            Custom avatars
            <NumberInput label="Custom avatars" value={draft.customAvatars} whole placeholder="0" onChange={(n) => setDraft({ ...draft, customAvatars: n })} />
          </label>
          <label>
            Expected retries (× generations)
            <input inputMode="decimal" value={retries} onChange={(e) => setRetries(e.target.value)} aria-invalid={!retriesValid} aria-describedby={retriesValid ? undefined : 'retries-error'} />
            {!retriesValid && (
              <span className="field-error" id="retries-error">
                a number from 1 to 10, like 1.5; the quote leaves retries out until then
              </span>
            )}
          </label>
        </form>
        <table className="lines">
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Each video (min) / how many</th>
              <th scope="col">Videos</th>
              <th scope="col" className="num">Credits</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {draft.lines.map((line, i) => {
              const rate = rateOf(RATE_CARD_2026_11, line.feature)!;
              const timed = rate.basis.kind === 'time';
              const amount = timed ? (line.minutes ?? (line.seconds !== undefined ? line.seconds / 60 : undefined)) : line.count;
              return (
                <tr key={i}>
                  <td>
                    <select aria-label={`Line ${i + 1} feature`} value={line.feature} onChange={(e) => { const f = e.target.value as FeatureId; setLine(i, rateOf(RATE_CARD_2026_11, f)!.basis.kind === 'time' ? { feature: f, minutes: 1, videos: line.videos } : { feature: f, count: 1, videos: line.videos }); }}>
                      {RATE_CARD_2026_11.rates.map((r) => (
                        <option key={r.id} value={r.id}>{r.name} · {r.credits} / {r.basis.label}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <NumberInput label={`Line ${i + 1} ${timed ? 'minutes' : 'count'}`} value={amount} whole={!timed} onChange={(n) => setLine(i, timed ? { feature: line.feature, minutes: n, videos: line.videos } : { feature: line.feature, count: n, videos: line.videos })} />
                  </td>
                  <td>
                    <NumberInput label={`Line ${i + 1} videos`} value={line.videos} whole placeholder="1" onChange={(n) => setLine(i, { ...line, videos: n })} />
                  </td>
                  <td className="num" data-testid={`line-${i}-credits`}>{quote?.lines[i] ? fmtCredits(quote.lines[i].credits) : '–'}</td>
                  <td className="actions">
                    <button type="button" aria-label={`Remove line ${i + 1}`} onClick={() => setDraft({ ...draft, lines: draft.lines.filter((_, j) => j !== i) })}>Remove</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="inline-form">
          <button type="button" onClick={() => setDraft({ ...draft, lines: [...draft.lines, { feature: 'avatar-iv', minutes: 1 }] })}>Add a line</button>
          <button type="button" className="primary" onClick={() => void save()}>Save project</button>
          <button type="button" onClick={() => download(`${JSON.stringify({ ...draft, id: undefined }, null, 2)}\n`, `${draft.name.replace(/[^\w-]+/g, '-')}.project.json`, 'application/json')}>Export…</button>
          {draft.id && (
            <button type="button" onClick={() => void remove()}>Delete</button>
          )}
        </div>
        {saveError?.for === draft && isStale(saveError.error, 'project') ? (
          <Conflict
            error={saveError.error}
            onReload={() => void reload()}
            onOverwrite={() => void (saveError.deleting ? remove(true) : save(true))}
            {...(saveError.deleting ? { overwriteLabel: 'Delete anyway', hint: 'Reload to see their version, or delete it anyway.' } : {})}
          />
        ) : (
          <FormError error={error} />
        )}
      </section>
      {quote && (
        <section className="card quote-result" aria-label="Quote result">
          <p className="quote-total">
            <span data-testid="quote-total">{fmtCredits(quote.credits)}</span> {creditsWord(quote.credits)}
            {quote.retryFactor > 1 && <> to <strong>{fmtCredits(quote.creditsHigh)}</strong> with retries</>}
            {quote.cost && <span className="muted-inline"> · about {fmtMoney(quote.cost.amount)}{quote.retryFactor > 1 ? `–${fmtMoney(quote.cost.amountHigh)}` : ''} on {quote.plan?.label} <AssumptionBadge ids={quote.cost.assumptions} /></span>}
          </p>
          {quote.fit ? (
            <p className={fitClass(quote.fit, blocked)} role="status">
              {fitText(quote.fit, blocked)}
            </p>
          ) : (
            quote.account && (
              <p className={quote.account.fits ? 'good' : 'warn'} role="status">
                {quote.account.fits
                  ? `Fits: ${fmtCredits(quote.account.balance)} credits on ${fmtDate(quote.account.date)}.`
                  : `Does not fit: ${fmtCredits(quote.account.shortfall)} credits short on ${fmtDate(quote.account.date)}.`}
              </p>
            )
          )}
          {quote.account && quote.account.draws.length > 0 && <h3 className="subhead">It would use</h3>}
          {quote.account && quote.account.draws.length > 0 && (
            <ul className="draws" aria-label="Credits it would use">
              {quote.account.draws.map((d) => (
                <li key={d.lotId}>
                  {fmtCredits(d.credits)} from {LOT_KIND[d.kind]} of {fmtDate(d.grantedOn)}{d.expiresOn ? `, expiring ${fmtDate(d.expiresOn)}` : ''}
                </li>
              ))}
            </ul>
          )}
          {quote.findings.length > 0 ? (
            <>
            <h3 className="subhead">Against {quote.plan?.label ?? 'the plan'}</h3>
            <ul className="findings" aria-label="Findings">
              {quote.findings.map((f) => (
                <li key={`${f.rule}-${f.line ?? ''}`} data-rule={f.rule}>{fmtSentence(f.message)}</li>
              ))}
            </ul>
            </>
          ) : (
            <p className="good">Within {quote.plan?.label ?? 'the plan'}’s limits.</p>
          )}
        </section>
      )}
    </main>
  );
}
