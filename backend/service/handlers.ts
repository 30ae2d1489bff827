/**
 * What a feature's handlers are and the behaviour they share, as wrappers around them (as Actual's
 * `mutator(undoable(fn))`): `mutator` for a handler that may commit (the change is noted and announced),
 * `undoable` for one that asks for a change (it is recorded for Undo, and the new state returned), `fresh` for a
 * save edited from a revision (refused when its object changed since).
 */
import type { z } from 'zod';
import type { api, AppState, HandlerName, HandlerOutputs } from '../../shared/api.ts';
import { ExpectedError } from '../../shared/errors.ts';
import { sessionMutate, sessionRecord, sessionState, type Edit, type Session } from './session.ts';

/** A handler's input once its schema has read it. */
export type Input<K extends HandlerName> = z.output<(typeof api)[K]['input']>;

/** A handler: the session, and its validated input. */
export type Handler<K extends HandlerName> = (s: Session, input: Input<K>) => HandlerOutputs[K];

/** A feature's handlers, by name: exactly the names `K`, each with its own input and output. */
export type Handlers<K extends HandlerName> = { readonly [P in K]: Handler<P> };

/** A handler that may commit a change: once it has, what it changed is noted and the new revision announced. Only a mutator commits. */
export function mutator<I, O>(fn: (s: Session, input: I) => O): (s: Session, input: I) => O {
  return (s, input) => sessionMutate(s, () => fn(s, input));
}

/** What a handler asks of `undoable`: the change to record (none: nothing to change), and what its reply adds to the state. */
export interface Outcome<E extends object> {
  readonly edit: Edit | null;
  readonly reply?: E;
}

/** A handler that asks for a change: it is committed and kept for Undo, and the reply is the new state (with what the handler adds). */
export function undoable<I, E extends object = Record<never, never>>(fn: (s: Session, input: I) => Outcome<E>): (s: Session, input: I) => AppState & E {
  return (s, input) => {
    const { edit, reply } = fn(s, input);
    if (edit !== null) sessionRecord(s, edit);
    return { ...sessionState(s), ...(reply as E) };
  };
}

/** What a save may carry: the revision it was edited from, and whether the user chose to overwrite. */
export interface Stale {
  readonly revision?: number | undefined;
  readonly force?: boolean | undefined;
}

/** The object a save changes: when it last changed, and what a conflict says (null: nothing to compare, the handler says why). */
export interface Subject {
  readonly changedAt: number;
  readonly field: string;
  readonly message: () => string;
}

/**
 * A save edited from `input.revision`, refused as a `conflict` when its object changed after it (unless `force`).
 * A save without a revision (the command line, an older window) is never stale.
 */
export function fresh<I extends Stale, O>(subject: (s: Session, input: NoInfer<I>) => Subject | null, fn: (s: Session, input: I) => O): (s: Session, input: I) => O {
  return (s, input) => {
    if (input.revision !== undefined) {
      const of = subject(s, input);
      if (of !== null && input.force !== true && of.changedAt > input.revision) throw new ExpectedError({ code: 'conflict', message: of.message(), field: of.field });
    }
    return fn(s, input);
  };
}
