/**
 * The timing loop every implementation runs (wgan-gp in this process, the TF.js peer in a child): untimed
 * warm-up iterations, then timed ones until the count or the time budget is reached. A slow peer gets
 * fewer warm-ups (warm-up stops once a quarter of the budget is spent) and fewer timed iterations.
 */
export interface StepTimes {
  criticMs: number;
  genMs: number;
}

export interface TimingPlan {
  warmup: number;
  iterations: number;
  budgetMs: number;
}

export interface IterationLine extends StepTimes {
  phase: 'warmup' | 'timed';
  ms: number;
  rssMB: number;
}

export async function timeIterations(iterate: () => Promise<StepTimes>, plan: TimingPlan, onLine: (line: IterationLine) => void): Promise<void> {
  const start = performance.now();
  const elapsed = () => performance.now() - start;
  const run = async (phase: IterationLine['phase']) => {
    const t0 = performance.now();
    const steps = await iterate();
    onLine({ phase, ms: performance.now() - t0, ...steps, rssMB: process.resourceUsage().maxRSS / 1024 });
  };
  for (let i = 0; i < plan.warmup && (i === 0 || elapsed() < plan.budgetMs / 4); i++) await run('warmup');
  for (let i = 0; i < plan.iterations && (i === 0 || elapsed() < plan.budgetMs); i++) await run('timed');
}
