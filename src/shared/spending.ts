/** What generation has cost, as Settings shows it: estimated from the price table, per day and per month. */

export interface SpendingPeriod {
  /** `YYYY-MM-DD` for a day, `YYYY-MM` for a month, in the local time of the process that counted. */
  period: string;
  images: number;
  usd: number;
}

export interface SpendingSummary {
  /** Newest first. */
  days: SpendingPeriod[];
  months: SpendingPeriod[];
  /** Images made by models without a known price, counted in no sum. */
  unpriced: number;
}
