/** What generation has cost, estimated from the price table: this month and the months and days before. */
import { useEffect, useState } from 'react';
import { formatUsd, IMAGE_MODELS_CHECKED } from '../../../../shared/imageModels';
import type { SpendingPeriod, SpendingSummary } from '../../../../shared/spending';
import { api } from '../../api/client';

function PeriodTable({ label, periods }: { label: string; periods: SpendingPeriod[] }) {
  return (
    <table className="spending-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{label}</th>
          <th scope="col">Images</th>
          <th scope="col">Estimated cost</th>
        </tr>
      </thead>
      <tbody>
        {periods.map((p) => (
          <tr key={p.period}>
            <th scope="row" className="tabular">
              {p.period}
            </th>
            <td className="tabular">{p.images}</td>
            <td className="tabular">{formatUsd(p.usd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SpendingSection() {
  const [summary, setSummary] = useState<SpendingSummary | null>(null);
  useEffect(() => {
    void api.generate.spending({}).then(setSummary, () => setSummary(null));
  }, []);
  return (
    <section className="settings-section" aria-labelledby="spending-title">
      <h3 id="spending-title">Generation cost</h3>
      <p className="muted small-text">
        Estimated from the price of each image when it was made (prices checked {IMAGE_MODELS_CHECKED}); your Google
        bill is the authority.
      </p>
      {!summary || summary.months.length === 0 ? (
        <p className="muted small-text">No images generated yet.</p>
      ) : (
        <>
          <PeriodTable label="Month" periods={summary.months.slice(0, 12)} />
          <PeriodTable label="Day" periods={summary.days.slice(0, 31)} />
        </>
      )}
      {summary && summary.unpriced > 0 && (
        <p className="muted small-text">
          {summary.unpriced} image{summary.unpriced === 1 ? '' : 's'} by models without a known price are not counted.
        </p>
      )}
    </section>
  );
}
