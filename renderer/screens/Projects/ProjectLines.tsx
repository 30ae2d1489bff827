import { RATE_CARD_2026_11, rateOf, type FeatureId } from '../../../shared/catalog/rateCard.ts';
import { NumberInput } from '../../components/NumberInput/NumberInput.tsx';
import { fmtCredits } from '../../format.ts';
import type { ProjectState } from './useProject.ts';

/** The project's lines: a feature, how much of it, how many videos, and what each costs in the quote. */
export function ProjectLines({ project: { draft, setDraft, setLine, quote } }: { readonly project: ProjectState }) {
  return (
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
  );
}
