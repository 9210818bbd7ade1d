/**
 * Sums what generation has cost, per day and per month: each saved image at
 * the price its job was estimated at when it was made (so a later change of
 * the price table does not rewrite the past); a job from before prices were
 * kept is priced from the table now.
 */
import { modelInfo, pricePerImage } from '../../../shared/imageModels';
import type { SpendingPeriod, SpendingSummary } from '../../../shared/spending';
import type { OutputCostRow } from '../catalog/generationHistory';

const pad = (n: number) => String(n).padStart(2, '0');

function add(periods: Map<string, SpendingPeriod>, period: string, usd: number) {
  const entry = periods.get(period) ?? { period, images: 0, usd: 0 };
  entry.images += 1;
  entry.usd += usd;
  periods.set(period, entry);
}

const newestFirst = (periods: Map<string, SpendingPeriod>) =>
  [...periods.values()]
    .sort((a, b) => b.period.localeCompare(a.period))
    // Sums of many prices pick up float noise; a tenth of a cent is finer than any price.
    .map((p) => ({ ...p, usd: Math.round(p.usd * 10_000) / 10_000 }));

export function summarizeSpending(rows: OutputCostRow[]): SpendingSummary {
  const days = new Map<string, SpendingPeriod>();
  const months = new Map<string, SpendingPeriod>();
  let unpriced = 0;
  for (const { createdAt, params } of rows) {
    const usd = params.pricePerImageUsd ?? pricePerImage(modelInfo(params.model), params.imageSize);
    if (usd === null) {
      unpriced += 1;
      continue;
    }
    const at = new Date(createdAt);
    const month = `${at.getFullYear()}-${pad(at.getMonth() + 1)}`;
    add(days, `${month}-${pad(at.getDate())}`, usd);
    add(months, month, usd);
  }
  return { days: newestFirst(days), months: newestFirst(months), unpriced };
}
