import { DateTime, IANAZone } from 'luxon';

/** "09:00", "9:30", "21:05": a local time of day. */
const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export function parseDigestTime(text: string): string | null {
  const m = TIME.exec(text.trim());
  return m ? `${(m[1] as string).padStart(2, '0')}:${m[2]}` : null;
}

/** The canonical IANA name for a zone the user typed ("europe/berlin" -> "Europe/Berlin"), or null. */
export function normaliseTimeZone(text: string): string | null {
  const name = text.trim();
  if (name.length === 0 || name.length > 64 || !IANAZone.isValidZone(name)) return null;
  // Intl resolves case-insensitively and knows the canonical spelling.
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

export interface DigestSlot {
  /** The subscription's local date, YYYY-MM-DD: the digest's identity for that day. */
  localDate: string;
  /** When today's digest became due. */
  scheduledAt: Date;
}

/**
 * Whether a subscription's digest is due at `now`: from its local time until the end of that local
 * day (a notifier or scheduler that was down at 09:00 still sends at 09:40), once per local date.
 * A channel subscribed after today's time gets its first digest tomorrow. Daylight-saving gaps
 * move the time forward (02:30 on a spring-forward night runs at 03:30); on a fall-back night the
 * earlier of the two 01:30s counts, and the date in the dedupe key keeps it to one digest.
 */
export function dueDigest(
  sub: { digestTime: string; timeZone: string; createdAt: Date },
  now: Date,
): DigestSlot | null {
  const local = DateTime.fromJSDate(now, { zone: sub.timeZone });
  if (!local.isValid) return null;
  const [hour, minute] = sub.digestTime.split(':').map(Number) as [number, number];
  const scheduled = local.set({ hour, minute, second: 0, millisecond: 0 });
  if (local < scheduled) return null;
  if (sub.createdAt > scheduled.toJSDate()) return null;
  return { localDate: local.toISODate() as string, scheduledAt: scheduled.toJSDate() };
}

export function digestDedupeKey(subscriptionId: string, localDate: string): string {
  return `digest:${subscriptionId}:${localDate}`;
}
