import type { AccountView } from '../../../shared/view.ts';
import { ChartSlot } from '../../components/charts/ChartSlot.tsx';
import { ChartLegend } from '../../components/charts/ChartLegend.tsx';
import { burnSeries, CHART_HEIGHT, FORECAST_SERIES, lotSeries } from '../../components/charts/chartKit.ts';
import { later } from '../../later.tsx';
import { useStore } from '../../store/store.ts';
import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { NotificationOffer } from '../../components/BrowserNotifications/BrowserNotifications.tsx';
import { CheaperPlan } from './CheaperPlan.tsx';
import { MemberBurn } from './MemberBurn.tsx';
import { creditsAgree, creditsWord, fmtCredits, fmtCreditsCount, fmtCreditsWhole, fmtCreditsWholeCount, fmtDate, fmtMoney, fmtMonth } from '../../format.ts';

export type Props = { readonly view: AccountView };

// The charts' code (and the charting library's) loads after the numbers have shown.
const LotsTimeline = later(() => import('../../components/charts/LotsTimeline.tsx').then((m) => m.LotsTimeline));
const ForecastChart = later(() => import('../../components/charts/ForecastChart.tsx').then((m) => m.ForecastChart));
const BurnByFeature = later(() => import('../../components/charts/BurnByFeature.tsx').then((m) => m.BurnByFeature));
const ChargesByMonth = later(() => import('../../components/charts/ChargesByMonth.tsx').then((m) => m.ChargesByMonth));

/** The burn's P10–P90 range, said once where both ends read the same. */
function burnRange(burn: AccountView['forecast']['burn']): string {
  const [p10, p90] = [fmtCreditsWhole(burn.p10), fmtCreditsWhole(burn.p90)];
  return p10 === p90 ? `P10–P90 ${p10}` : `P10 ${p10} – P90 ${p90}`;
}

/** Today at a glance: the balance, what expires when, how fast credits go, and what was paid. */
export function Dashboard({ view }: Props) {
  const { ledger, forecast, cycleBurn, charts } = view;
  const plan = ledger.plan;
  const burn = forecast.burn;
  const show = useStore((s) => s.show);
  return (
    <main className="screen dashboard" aria-label="Dashboard">
      <section className="card balance" aria-label="Balance">
        <p className="muted">{plan ? plan.label : 'Free'}</p>
        {ledger.onFree ? (
          <>
            <p className="balance__value">
              <span data-testid="free-videos-left">{Math.max(0, ledger.freeVideos.quota - ledger.freeVideos.used)}</span> of {ledger.freeVideos.quota} free {ledger.freeVideos.quota === 1 ? 'video' : 'videos'} left
            </p>
            <p className="muted">Each up to {ledger.freeVideos.maxMinutes} {ledger.freeVideos.maxMinutes === 1 ? 'minute' : 'minutes'}; Free has no credits.</p>
          </>
        ) : (
          <p className="balance__value">
            <span data-testid="balance">{fmtCredits(ledger.balance)}</span> {creditsWord(ledger.balance)}
          </p>
        )}
        {plan && (
          <p className="muted">
            Next cycle {fmtDate(plan.nextCycleStart)} · <span data-testid="plan-price">{fmtMoney(plan.price.period)} {plan.choice.billing === 'annual' ? 'a year' : 'a month'}</span> <AssumptionBadge ids={plan.price.assumptions} />
            {plan.pending ? ` · ${plan.pending.label} from ${fmtDate(plan.pending.on)}` : ''}
          </p>
        )}
        {plan && <CheaperPlan billing={plan.choice.billing} />}
      </section>
      <section className="card" aria-label="Expiring credits">
        <h2>Expiring if unused</h2>
        {forecast.expiring.length === 0 ? (
          <p className="empty">Nothing expires in the next {forecast.months} months.</p>
        ) : (
          <ul className="expiring">
            {forecast.expiring.slice(0, 4).map((e) => (
              <li key={e.date} className={e === forecast.expiring[0] ? 'callout' : undefined}>
                <strong>{fmtCreditsCount(e.credits)}</strong> {e.forfeited ? creditsAgree(e.credits, 'is forfeited', 'are forfeited') : creditsAgree(e.credits, 'expires', 'expire')} on <strong>{fmtDate(e.date)}</strong>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-label="Burn">
        <h2>Burn</h2>
        {cycleBurn && (
          <p>
            <strong>{fmtCredits(cycleBurn.used)}</strong> used this cycle (since {fmtDate(cycleBurn.since)}); <strong>{fmtCredits(cycleBurn.lastUsed)}</strong> by the same point last cycle.
          </p>
        )}
        {ledger.onFree && view.glance.burnPerMonth === 0 ? (
          // "0 credits a month, which do not run out" says nothing on Free.
          <p className="empty">Free uses no credits, so nothing burns: the free videos used are counted per month below.</p>
        ) : (
          <p>
            About <strong>{fmtCreditsWholeCount(view.glance.burnPerMonth)}</strong> a month lately <span className="muted-inline burn__range">({burnRange(burn)})</span>.
          </p>
        )}
        {ledger.onFree && view.glance.burnPerMonth === 0 ? null : forecast.runOutOn ? (
          <p className={forecast.runsOutBeforeRenewal ? 'warn' : undefined} role={forecast.runsOutBeforeRenewal ? 'alert' : undefined}>
            At this pace credits run out on <strong>{fmtDate(forecast.runOutOn)}</strong>
            {forecast.runsOutBeforeRenewal && forecast.renewalOn ? `, before ${plan?.choice.billing === 'annual' ? 'the next credits' : 'the renewal'} on ${fmtDate(forecast.renewalOn)}` : ''}. <AssumptionBadge ids={['forecast-even-burn']} />
          </p>
        ) : (
          <p>At this pace credits do not run out.</p>
        )}
      </section>
      {view.members.length > 0 && view.memberBurn && <MemberBurn burn={view.memberBurn} />}
      <section className="card wide" aria-label="Lots timeline">
        <h2>
          Where the balance sits, and when it expires {ledger.lots.some((l) => l.kind === 'addon') && <AssumptionBadge ids={['addons-no-expiry']} />}
        </h2>
        {ledger.onFree && ledger.lots.length === 0 ? (
          <p className="empty">Free holds no credits: it has the free videos above. Credits come with a paid plan.</p>
        ) : charts.lots.bands.length === 0 ? (
          <p className="empty">
            No credits held right now. They arrive with the next cycle; if HeyGen shows more,{' '}
            <button type="button" className="link" onClick={() => show('settings')}>
              record a balance check in Settings
            </button>
            .
          </p>
        ) : (
          <>
            <ChartSlot height={CHART_HEIGHT.lots} chart={LotsTimeline} props={{ lots: charts.lots }} />
            <ChartLegend series={lotSeries(charts.lots)} />
          </>
        )}
      </section>
      <section className="card wide" aria-label="Forecast">
        <h2>
          Balance ahead <AssumptionBadge ids={['forecast-even-burn']} />
        </h2>
        {charts.forecast.length === 0 ? (
          <p className="empty">The forecast needs a paid plan and some usage to project.</p>
        ) : charts.forecast.every((p) => p.high === 0) ? (
          // A flat line at zero says nothing: say it in words.
          <p className="empty">No credits are held or coming, so there is no balance to project.</p>
        ) : (
          <>
            <ChartSlot height={CHART_HEIGHT.forecast} chart={ForecastChart} props={{ points: charts.forecast, marks: charts.forecastMarks, annual: plan?.choice.billing === 'annual' }} />
            <ChartLegend series={[FORECAST_SERIES.balance, FORECAST_SERIES.band]} />
          </>
        )}
      </section>
      <section className="card wide" aria-label="Monthly burn by feature">
        <h2>{ledger.onFree && view.burnByMonth.every((m) => m.total === 0) ? 'Free videos used per month' : 'Credits used per month, by feature'}</h2>
        {view.burnByMonth.some((m) => m.freeVideos > 0) && (
          <ul className="expiring" aria-label="Free videos per month">
            {view.burnByMonth.filter((m) => m.freeVideos > 0).map((m) => (
              <li key={m.month}>
                <strong>{m.freeVideos} free {m.freeVideos === 1 ? 'video' : 'videos'}</strong> in {fmtMonth(m.month)}, no credits
              </li>
            ))}
          </ul>
        )}
        {ledger.onFree && view.burnByMonth.every((m) => m.total === 0) ? null : charts.burn.months.length === 0 ? (
          <p className="empty">
            No usage logged yet.{' '}
            <button type="button" className="link" onClick={() => show('usage', 'log')}>
              Log a usage
            </button>{' '}
            and its month appears here.
          </p>
        ) : (
          <>
            <ChartSlot height={CHART_HEIGHT.burn} chart={BurnByFeature} props={{ burn: charts.burn }} />
            <ChartLegend series={burnSeries(charts.burn)} />
          </>
        )}
      </section>
      <section className="card wide" aria-label="Charges">
        <h2>
          Charges per month <AssumptionBadge ids={[...new Set(ledger.charges.flatMap((c) => c.assumptions))]} />
        </h2>
        {charts.charges.length === 0 ? (
          <p className="empty">No charges yet.</p>
        ) : (
          <ChartSlot height={CHART_HEIGHT.charges} chart={ChargesByMonth} props={{ charges: charts.charges }} />
        )}
      </section>
      <NotificationOffer />
    </main>
  );
}
