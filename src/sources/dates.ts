/** Midnight UTC of the day `at` falls on: the "fetch day" of observations that carry no date of their own. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}
