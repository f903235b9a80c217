import type { Subscription } from '../alerts/store.js';
import type { Reply } from '../core/reply.js';

const scope = (s: Pick<Subscription, 'theme'>) => (s.theme ? `${s.theme} only` : 'all themes');

export function subscribedReply(s: Subscription, created: boolean): Reply {
  const text =
    `${created ? 'Subscribed' : 'Updated'}: this channel gets the daily digest at ${s.digestTime} ` +
    `${s.timeZone} (${scope(s)}). digest preview shows what it looks like.`;
  return { summary: text, tone: 'positive', blocks: [{ type: 'text', text }] };
}

export function unsubscribedReply(removed: boolean): Reply {
  const text = removed
    ? 'Unsubscribed: this channel gets no more daily digests.'
    : 'This channel was not subscribed to the daily digest.';
  return { summary: text, tone: 'neutral', blocks: [{ type: 'text', text }] };
}
