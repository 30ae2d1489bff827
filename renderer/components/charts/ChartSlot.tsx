/**
 * Where a chart goes on a screen that shows its numbers first: the room the
 * chart takes, empty until its code has loaded and its turn has come. Charts
 * draw one at a time, each after the one before has drawn and a frame has been
 * painted, and each in its steps (`STEP`), a frame apart: no single task draws
 * much, and the screen answers meanwhile.
 */
import { useEffect, useState, type ComponentType } from 'react';
import { loadRetrying, LoadFailed, type Later } from '../../later.tsx';
import { STEP, type Drawing } from './chartKit.ts';

/** Resolves when the chart before has drawn, or left the screen. */
let last: Promise<void> = Promise.resolve();

const nextFrame = () => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done)));

export function ChartSlot<P extends object>({ height, chart, props }: { height: number; chart: Later<P & Drawing>; props: P }) {
  const [turn, setTurn] = useState<{ Chart: ComponentType<P & Drawing>; drawn: () => void } | null>(null);
  const [step, setStep] = useState<number>(STEP.frame);
  const [failed, setFailed] = useState<Error | null>(null);
  useEffect(() => {
    let drawn!: () => void;
    const mine = new Promise<void>((resolve) => (drawn = resolve));
    let shown = true;
    let retrying = () => {};
    void last
      .then(() => Promise.all([chart.load(), nextFrame()]))
      .then(
        ([Chart]) => (shown ? setTurn({ Chart, drawn }) : drawn()),
        () => {
          // The charts after this one do not wait for it: it draws when its code loads, after the next try.
          drawn();
          if (!shown) return;
          retrying = loadRetrying(
            chart,
            (Chart) => {
              setFailed(null);
              setTurn({ Chart, drawn });
            },
            setFailed,
          );
        },
      );
    last = mine;
    return () => {
      shown = false;
      retrying();
      drawn();
    };
  }, [chart]);
  // These effects run after the chart's own: it has drawn its step.
  useEffect(() => {
    if (!turn) return;
    if (step === STEP.details) return turn.drawn();
    let shown = true;
    void nextFrame().then(() => shown && setStep(step + 1));
    return () => {
      shown = false;
    };
  }, [turn, step]);
  // `data-drawn` once its last step is drawn: what a picture of the screen waits for.
  if (turn) {
    return (
      <div className="chart-slot" data-drawn={step === STEP.details ? '' : undefined}>
        <turn.Chart {...props} step={step} />
      </div>
    );
  }
  return (
    <div className="chart-slot" style={{ height }}>
      {failed && <LoadFailed error={failed} />}
    </div>
  );
}
