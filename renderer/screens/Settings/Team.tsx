import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api, type HandlerInput } from '../../../shared/api.ts';
import type { AppError } from '../../../shared/errors.ts';
import { Confirm } from '../../components/Confirm/Confirm.tsx';
import { FormError } from '../../components/FormError/FormError.tsx';
import { useStore } from '../../store/store.ts';

interface LinkValues {
  readonly server: string;
  readonly password: string;
  readonly workspace: string;
  readonly member: string;
}

type LinkInput = HandlerInput<'sync-link'>;

/** The link as typed, checked by `sync-link`'s own schema field by field (a name left empty is no name). */
const linkFormSchema = z.object({ server: z.string(), password: z.string(), workspace: z.string(), member: z.string() }).transform((v, ctx): LinkInput => {
  const checked = api['sync-link'].input.safeParse({ server: v.server.trim(), password: v.password, workspace: v.workspace, ...(v.member.trim() === '' ? {} : { member: v.member }) });
  if (checked.success) return checked.data;
  for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
});

/** The team the workspace is linked to: the server, the workspace there, this device, and leaving it; not linked, the form that links it. */
export function Team() {
  const sync = useStore((s) => s.sync);
  if (sync === null) return <TeamLink />;
  return <TeamLinked />;
}

/** Link the workspace to a team's workspace on a PostgreSQL server: made there when the role may (create), or joined. */
function TeamLink() {
  const change = useStore((s) => s.change);
  const syncLoad = useStore((s) => s.syncLoad);
  const [error, setError] = useState<AppError | null>(null);
  const { register, handleSubmit, formState } = useForm<LinkValues, unknown, LinkInput>({
    resolver: zodResolver(linkFormSchema),
    mode: 'onTouched',
    defaultValues: { server: '', password: '', workspace: '', member: '' },
  });

  async function link(input: LinkInput) {
    const failed = await change('sync-link', input);
    setError(failed);
    if (failed === null) await syncLoad();
  }

  function field(name: keyof LinkValues, label: string, hint: string, more: { type?: string; placeholder?: string; autoComplete?: string } = {}) {
    const message = formState.errors[name]?.message;
    return (
      <div className="team-form__field">
        <label htmlFor={`team-${name}`}>{label}</label>
        <input id={`team-${name}`} {...register(name)} type={more.type ?? 'text'} placeholder={more.placeholder} autoComplete={more.autoComplete ?? 'off'} spellCheck={false} aria-invalid={message ? true : undefined} aria-describedby={`team-${name}-hint`} />
        <span className={message ? 'field-error' : 'muted small'} id={`team-${name}-hint`}>
          {message ?? hint}
        </span>
      </div>
    );
  }

  return (
    <section className="card" aria-label="Team">
      <h2>Team</h2>
      <p className="muted">Share this workspace’s credits with a team through a PostgreSQL server your team runs: each device keeps working offline and syncs when it can.</p>
      <form className="team-form" onSubmit={(e) => void handleSubmit(link)(e)} noValidate>
        {field('server', 'Server', 'Its address without the password: postgresql://ROLE@HOST:5432/DATABASE', { placeholder: 'postgresql://alice@db.example.com:5432/credits' })}
        {field('password', 'Password', 'Kept on this device only, apart from the account: sealed by the system’s keychain in the desktop app.', { type: 'password', autoComplete: 'current-password' })}
        {field('workspace', 'Team workspace', 'Made on the server if your role may, joined if it is there.', { placeholder: 'Studio' })}
        {field('member', 'Your name (optional)', 'Shown beside the changes you make, on every device.', { placeholder: 'Alice' })}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? 'Linking…' : 'Link to the team'}
          </button>
        </div>
        <FormError error={error} />
      </form>
    </section>
  );
}

function TeamLinked() {
  const sync = useStore((s) => s.sync)!;
  const change = useStore((s) => s.change);
  const syncLoad = useStore((s) => s.syncLoad);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  async function leave() {
    setAsking(false);
    const failed = await change('sync-leave', {});
    setError(failed);
    if (failed === null) await syncLoad();
  }

  return (
    <section className="card" aria-label="Team">
      <h2>Team</h2>
      <dl className="team-link">
        <dt>Server</dt>
        <dd>
          <code>{sync.server}</code>
        </dd>
        <dt>Workspace there</dt>
        <dd>{sync.workspace}</dd>
        <dt>This device</dt>
        <dd>
          <code>{sync.device}</code>
        </dd>
      </dl>
      <button type="button" className="button--danger" onClick={() => setAsking(true)}>
        Leave the team…
      </button>
      <FormError error={error} />
      {asking && (
        <Confirm title={`Leave “${sync.workspace}”?`} confirmLabel="Leave" onConfirm={() => void leave()} onCancel={() => setAsking(false)}>
          <p>This device stops syncing: the workspace keeps its data here as it is, and the team keeps what reached the server.</p>
          {sync.pending > 0 && <p className="warn">{sync.pending === 1 ? '1 change made here has' : `${sync.pending} changes made here have`} not reached the team, and will not.</p>}
        </Confirm>
      )}
    </section>
  );
}
