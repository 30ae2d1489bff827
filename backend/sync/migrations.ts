/**
 * The team sync's schema on a PostgreSQL server, as versioned migrations (run by ./schema.ts through umzug, in one
 * transaction). A migration once released is never edited: a change is a new one at the end.
 *
 * Who may do what (README.md, "A team server"):
 * - the schema's owner (the role that ran `sync-server init`, or a superuser) grants and revokes in every workspace,
 *   and creates a workspace by granting in it;
 * - a member (a row of `members`, its login role named exactly) reads its workspaces' ops and appends ops it
 *   authors itself; an admin member also grants and revokes in its workspace;
 * - a role granted `credit_companion_creator` creates a workspace that does not exist yet by opening it
 *   (`workspace_open`), and is its first admin;
 * - nobody updates or deletes an op: the log is append-only, the owner included while FORCE ROW LEVEL SECURITY
 *   stands (a superuser is above it all, as PostgreSQL makes it).
 *
 * The functions a member calls to do more than its table rights allow are SECURITY DEFINER with a fixed search_path,
 * and take the caller to be `session_user` (the login role: a SET ROLE inside a session is not a way in).
 */

export interface Migration {
  /** Its name in the schema's own table of applied migrations; the schema's version is the number of them. */
  readonly name: string;
  readonly sql: string;
}

/** The schema's name; the group roles are named after it. */
export const SYNC_SCHEMA = 'credit_companion';

const v1 = String.raw`
do $$
begin
  -- Roles are the cluster's, not the database's: a second database's init finds them made.
  if not exists (select from pg_catalog.pg_roles where rolname = 'credit_companion_member') then
    create role credit_companion_member nologin;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'credit_companion_creator') then
    create role credit_companion_creator nologin;
  end if;
end
$$;

revoke all on schema credit_companion from public;
grant usage on schema credit_companion to credit_companion_member, credit_companion_creator;

create table credit_companion.workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (name = btrim(name) and length(name) between 1 and 64 and name !~ '[\x01-\x1f\x7f]'),
  created_at timestamptz not null default now(),
  created_by name not null default session_user
);
-- Names are matched in any case, as the app matches its workspaces' names.
create unique index workspaces_name_key on credit_companion.workspaces (lower(name));

create table credit_companion.members (
  workspace uuid not null references credit_companion.workspaces (id) on delete cascade,
  role name not null,
  admin boolean not null default false,
  granted_at timestamptz not null default now(),
  granted_by name not null default session_user,
  primary key (workspace, role)
);
create index members_role_idx on credit_companion.members (role);

create table credit_companion.ops (
  -- The server's order of the ops: a pull takes what follows the last seq it saw. Never a device's clock.
  seq bigint generated always as identity,
  -- Given by the device (a UUIDv7): pushing the same op again is a no-op.
  id uuid primary key,
  workspace uuid not null references credit_companion.workspaces (id),
  event_id text not null check (length(event_id) between 1 and 128),
  kind text not null check (kind in ('add', 'replace', 'delete')),
  author name not null default current_user,
  member text check (member = btrim(member) and length(member) between 1 and 64),
  device text not null check (length(device) between 1 and 128),
  -- The op (or revision) the change was based on, as the device's merge names it; null for an add.
  base text check (length(base) between 1 and 128),
  body jsonb check (jsonb_typeof(body) = 'object' and octet_length(body::text) <= 65536),
  created_at timestamptz not null default now(),
  check ((kind = 'delete') = (body is null)),
  unique (workspace, seq)
);

-- The workspaces role "who" is a member of, for the policies: a definer function, so that reading members inside
-- members' own policy does not recurse; "who" only answers for a role the session may act as.
create function credit_companion.workspaces_of(who name) returns setof uuid
language sql stable security definer set search_path = pg_catalog, pg_temp
as $$
  select m.workspace from credit_companion.members m where m.role = who and pg_has_role(session_user, who, 'member')
$$;

alter table credit_companion.workspaces enable row level security;
alter table credit_companion.members enable row level security;
alter table credit_companion.ops enable row level security;
alter table credit_companion.ops force row level security;
create policy workspaces_read on credit_companion.workspaces for select using (id in (select credit_companion.workspaces_of(current_user)));
create policy members_read on credit_companion.members for select using (workspace in (select credit_companion.workspaces_of(current_user)));
create policy ops_read on credit_companion.ops for select using (workspace in (select credit_companion.workspaces_of(current_user)));
create policy ops_append on credit_companion.ops for insert with check (author = current_user and workspace in (select credit_companion.workspaces_of(current_user)));

-- Seq order is commit order: an insert takes this lock before its rows draw their seq and keeps it until it commits,
-- so no op can commit with a seq below one a pull has already passed.
create function credit_companion.ops_order() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp
as $$
begin
  perform pg_advisory_xact_lock(hashtextextended('credit_companion.ops', 0));
  return null;
end
$$;
create trigger ops_order before insert on credit_companion.ops for each statement execute function credit_companion.ops_order();

-- One notification per workspace and statement, on the workspace's own channel, carrying its last seq.
create function credit_companion.ops_notify() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp
as $$
declare
  w record;
begin
  for w in select i.workspace, max(i.seq) as seq from inserted i group by i.workspace loop
    perform pg_notify('credit_companion_ops_' || replace(w.workspace::text, '-', ''), w.seq::text);
  end loop;
  return null;
end
$$;
create trigger ops_notify after insert on credit_companion.ops referencing new table as inserted for each statement execute function credit_companion.ops_notify();

-- A batch of ops as rows, in the batch's order.
create function credit_companion.ops_in(batch jsonb)
returns table (ord bigint, id uuid, workspace uuid, event_id text, kind text, member text, device text, base text, body jsonb)
language sql immutable set search_path = pg_catalog, pg_temp
as $$
  select e.ord, r.id, r.workspace, r.event_id, r.kind, r.member, r.device, r.base, r.body
  from jsonb_array_elements(batch) with ordinality as e(op, ord),
       jsonb_to_record(e.op) as r(id uuid, workspace uuid, event_id text, kind text, member text, device text, base text, body jsonb)
$$;

-- Append a batch (a JSON array of ops) in its order; each op's status: inserted, duplicate (the same op was already
-- there: a repeated push is a no-op), or id-reused (another op holds its id: refused, never taken for the one sent).
-- The caller's rights apply (security invoker): its workspaces only, authored by itself.
create function credit_companion.ops_push(batch jsonb)
returns table (id uuid, seq bigint, status text)
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  inserted uuid[];
begin
  if jsonb_typeof(batch) is distinct from 'array' then
    raise exception 'a push is a JSON array of ops' using errcode = '22023';
  end if;
  if (select count(distinct i.id) from credit_companion.ops_in(batch) i) <> jsonb_array_length(batch) then
    raise exception 'a push holds each op once (two ops of the batch have one id)' using errcode = '22023';
  end if;
  with ins as (
    insert into credit_companion.ops as o (id, workspace, event_id, kind, member, device, base, body)
    select i.id, i.workspace, i.event_id, i.kind, i.member, i.device, i.base, i.body from credit_companion.ops_in(batch) i order by i.ord
    on conflict (id) do nothing
    returning o.id
  )
  select coalesce(array_agg(ins.id), '{}') into inserted from ins;
  -- A statement of its own: it sees an op a concurrent push of the same batch committed meanwhile.
  return query
  select i.id, case when s.status = 'id-reused' then null else o.seq end, s.status
  from credit_companion.ops_in(batch) i
  left join credit_companion.ops o on o.id = i.id
  cross join lateral (
    select case
      when i.id = any (inserted) then 'inserted'
      when o.workspace = i.workspace and o.event_id = i.event_id and o.kind = i.kind and o.member is not distinct from i.member
        and o.device = i.device and o.base is not distinct from i.base and o.body is not distinct from i.body and o.author = current_user then 'duplicate'
      else 'id-reused'
    end as status
  ) s
  order by i.ord;
end
$$;

create function credit_companion.member_group_grant(who name) returns void
language plpgsql security definer set search_path = pg_catalog, pg_temp
as $$
begin
  if not pg_has_role(who, 'credit_companion_member', 'member') then
    execute format('grant credit_companion_member to %I', who);
  end if;
end
$$;

-- The workspace named "ws_name" (in any case) for the caller: made when it does not exist and the caller may create
-- one (the owner, or a member of credit_companion_creator), the caller then its first admin.
create function credit_companion.workspace_open(ws_name text)
returns table (id uuid, name text, admin boolean, created boolean)
language plpgsql security definer set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  caller name := session_user;
  ws uuid;
begin
  select w.id into ws from credit_companion.workspaces w where lower(w.name) = lower(btrim(ws_name));
  if ws is null then
    if not (pg_has_role(caller, 'credit_companion_creator', 'member') or pg_has_role(caller, current_user, 'member')) then
      raise exception 'no workspace "%" on this server, and role % may not create one', btrim(ws_name), caller
        using errcode = 'CC001', hint = 'an admin grants it to you (sync-server grant), or the owner grants you credit_companion_creator';
    end if;
    insert into credit_companion.workspaces (name) values (btrim(ws_name)) on conflict do nothing returning workspaces.id into ws;
    if ws is not null then
      insert into credit_companion.members (workspace, role, admin) values (ws, caller, true);
      perform credit_companion.member_group_grant(caller);
      return query select w.id, w.name, true, true from credit_companion.workspaces w where w.id = ws;
      return;
    end if;
    -- Made by another session meanwhile: opened as it is.
    select w.id into ws from credit_companion.workspaces w where lower(w.name) = lower(btrim(ws_name));
  end if;
  if not exists (select from credit_companion.members m where m.workspace = ws and m.role = caller) then
    raise exception 'role % is not a member of workspace "%"', caller, btrim(ws_name) using errcode = 'CC002';
  end if;
  return query select w.id, w.name, m.admin, false from credit_companion.workspaces w join credit_companion.members m on m.workspace = w.id and m.role = caller where w.id = ws;
end
$$;

-- The workspace "ws_name" where the caller may grant and revoke: the owner everywhere (creating it when it does not
-- exist and "create" says so), an admin in its own.
create function credit_companion.workspace_managed(ws_name text, caller name, owner name, create_missing boolean, out ws uuid, out created boolean)
language plpgsql security definer set search_path = pg_catalog, pg_temp
as $$
begin
  created := false;
  select w.id into ws from credit_companion.workspaces w where lower(w.name) = lower(btrim(ws_name));
  if ws is null and create_missing and pg_has_role(caller, owner, 'member') then
    insert into credit_companion.workspaces (name) values (btrim(ws_name)) on conflict do nothing returning id into ws;
    created := ws is not null;
    if ws is null then
      select w.id into ws from credit_companion.workspaces w where lower(w.name) = lower(btrim(ws_name));
    end if;
  end if;
  if ws is null then
    raise exception 'no workspace "%" on this server', btrim(ws_name) using errcode = 'CC001',
      hint = case when create_missing then 'only the schema''s owner creates a workspace by granting in it' else null end;
  end if;
  if not (pg_has_role(caller, owner, 'member') or exists (select from credit_companion.members m where m.workspace = ws and m.role = caller and m.admin)) then
    raise exception 'role % may not grant or revoke in workspace "%": its admins and the schema''s owner do', caller, btrim(ws_name) using errcode = 'CC003';
  end if;
end
$$;

-- Make the existing login role "who" a member (or an admin) of the workspace; its rights as a member change to "as_admin".
create function credit_companion.member_grant(ws_name text, who name, as_admin boolean)
returns table (workspace uuid, workspace_created boolean)
language plpgsql security definer set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  target record;
begin
  if not exists (select from pg_catalog.pg_roles r where r.rolname = who) then
    raise exception 'role "%" does not exist', who using errcode = 'CC004', hint = 'create it first (CREATE ROLE ... LOGIN PASSWORD ...)';
  end if;
  if who like 'pg\_%' or who like 'credit\_companion\_%' then
    raise exception 'role "%" is not one to grant a workspace to (a member is a login role)', who using errcode = 'CC005';
  end if;
  target := credit_companion.workspace_managed(ws_name, session_user, current_user, true);
  insert into credit_companion.members as m (workspace, role, admin) values (target.ws, who, as_admin)
  on conflict (workspace, role) do update set admin = excluded.admin, granted_at = now(), granted_by = session_user;
  perform credit_companion.member_group_grant(who);
  return query select target.ws, target.created;
end
$$;

-- The role "who" no longer a member of the workspace: true when it was one. Its group role stays (another database's
-- workspaces may need it); without a membership, the policies show it nothing and take nothing from it.
create function credit_companion.member_revoke(ws_name text, who name) returns boolean
language plpgsql security definer set search_path = pg_catalog, pg_temp
as $$
declare
  target record;
begin
  target := credit_companion.workspace_managed(ws_name, session_user, current_user, false);
  delete from credit_companion.members m where m.workspace = target.ws and m.role = who;
  return found;
end
$$;

-- schema_migrations is made with the schema by ./schema.ts before the first migration: members read the version.
revoke all on all tables in schema credit_companion from public;
revoke all on all functions in schema credit_companion from public;
grant select on credit_companion.workspaces, credit_companion.members, credit_companion.schema_migrations to credit_companion_member;
grant select, insert (id, workspace, event_id, kind, author, member, device, base, body) on credit_companion.ops to credit_companion_member;
grant execute on function credit_companion.workspaces_of(name), credit_companion.ops_in(jsonb), credit_companion.ops_push(jsonb),
  credit_companion.member_grant(text, name, boolean), credit_companion.member_revoke(text, name) to credit_companion_member;
grant execute on function credit_companion.workspace_open(text) to credit_companion_member, credit_companion_creator;
`;

const v2 = String.raw`
-- A push looks the ops of its batch up by their ids (the primary key): the join it made could be planned as a scan of
-- the whole log (the batch's size unknown to the planner), a push of one op costing as much as the log is long.
create or replace function credit_companion.ops_push(batch jsonb)
returns table (id uuid, seq bigint, status text)
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  inserted uuid[];
  ids uuid[];
begin
  if jsonb_typeof(batch) is distinct from 'array' then
    raise exception 'a push is a JSON array of ops' using errcode = '22023';
  end if;
  ids := array(select i.id from credit_companion.ops_in(batch) i);
  if (select count(distinct x) from unnest(ids) x) <> cardinality(ids) then
    raise exception 'a push holds each op once (two ops of the batch have one id)' using errcode = '22023';
  end if;
  with ins as (
    insert into credit_companion.ops as o (id, workspace, event_id, kind, member, device, base, body)
    select i.id, i.workspace, i.event_id, i.kind, i.member, i.device, i.base, i.body from credit_companion.ops_in(batch) i order by i.ord
    on conflict (id) do nothing
    returning o.id
  )
  select coalesce(array_agg(ins.id), '{}') into inserted from ins;
  -- A statement of its own: it sees an op a concurrent push of the same batch committed meanwhile.
  return query
  with held as materialized (select x.* from credit_companion.ops x where x.id = any (ids))
  select i.id, case when s.status = 'id-reused' then null else o.seq end, s.status
  from credit_companion.ops_in(batch) i
  left join held o on o.id = i.id
  cross join lateral (
    select case
      when i.id = any (inserted) then 'inserted'
      when o.workspace = i.workspace and o.event_id = i.event_id and o.kind = i.kind and o.member is not distinct from i.member
        and o.device = i.device and o.base is not distinct from i.base and o.body is not distinct from i.body and o.author = current_user then 'duplicate'
      else 'id-reused'
    end as status
  ) s
  order by i.ord;
end
$$;

-- The body's bound leaves room for the server's own spelling of the JSON (a space after each colon and comma): the
-- app's bound, 64 KiB as JSON.stringify writes it (shared/formats/syncOp.ts), is the one that binds.
alter table credit_companion.ops drop constraint ops_body_check,
  add constraint ops_body_check check (jsonb_typeof(body) = 'object' and octet_length(body::text) <= 131072);

-- A page of a workspace's ops after a seq, always walked in the order of (workspace, seq): on statistics not yet
-- gathered (a log just imported, a new server) the planner would rather gather all the rest of the log and sort it,
-- every page of a first sync then costing the whole log.
create function credit_companion.ops_page(ws uuid, after bigint, lim integer)
returns setof credit_companion.ops
language sql stable security invoker set search_path = pg_catalog, pg_temp set enable_sort = off set enable_bitmapscan = off
as $$
  select o.* from credit_companion.ops o where o.workspace = ws and o.seq > after order by o.seq limit lim
$$;
revoke all on function credit_companion.ops_page(uuid, bigint, integer) from public;
grant execute on function credit_companion.ops_page(uuid, bigint, integer) to credit_companion_member;
`;

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  { name: '0001-team-sync', sql: v1 },
  { name: '0002-ops-lookups-body-bound', sql: v2 },
];
