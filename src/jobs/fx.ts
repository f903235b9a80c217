import { fetchEcbDaily } from '../sources/ecb/client.js';
import { storeEcbDays } from '../sources/ecb/store-rates.js';
import { defineJob } from './job.js';

/**
 * Daily ECB reference rates into exchange_rates, against USD. ECB publishes around 16:00 CET on
 * TARGET business days; on other days the file repeats the last publication, which this job then
 * finds unchanged. Listings are converted with these rates by the ingest pipeline.
 */
export default defineJob({
  name: 'fx',
  description: "Fetch ECB's daily euro reference rates and store them against USD",
  exclusive: true,
  async run({ em, config, log, signal }) {
    const days = await fetchEcbDaily({
      url: config.sources.ecb.dailyUrl,
      timeoutMs: config.httpTimeoutMs,
      signal,
    });
    const stored = await storeEcbDays(em, days);
    const newest =
      days
        .map((d) => d.date)
        .sort()
        .at(-1) ?? null;
    if (stored.skippedDays.length > 0)
      log.warn({ days: stored.skippedDays }, 'ECB days without a USD rate skipped');
    return {
      date: newest,
      currencies: days[0]?.rates.size ?? 0,
      inserted: stored.inserted,
      updated: stored.updated,
      unchanged: stored.unchanged,
    };
  },
});
