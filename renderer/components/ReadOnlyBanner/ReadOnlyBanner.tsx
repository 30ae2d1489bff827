export interface Props {
  /** Why nothing is saved from this window; null hides the banner. */
  readonly reason: string | null;
}

/** Shown on every screen while the data folder is open read-only: what holds it, and that changes are not saved. */
export function ReadOnlyBanner({ reason }: Props) {
  if (reason === null) return null;
  return (
    <p role="status" className="read-only-banner" data-testid="read-only">
      <strong>Read-only.</strong> {reason}
    </p>
  );
}
