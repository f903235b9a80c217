import type { NotificationPayload } from '../alerts/types.js';
import { DEMO_LABEL } from '../core/dispatch.js';
import type { Reply } from '../core/reply.js';
import { alertFiredReply, dealReply } from './alert-fired.js';
import { digestReply } from './digest.js';

/** An outbox payload as a Reply: what the notifier hands to a platform's renderer. */
export function renderNotification(payload: unknown): Reply {
  const p = payload as NotificationPayload;
  const reply = replyFor(p);
  return p.demo ? { ...reply, label: DEMO_LABEL } : reply;
}

function replyFor(p: NotificationPayload): Reply {
  switch (p?.type) {
    case 'alert':
      return alertFiredReply(p);
    case 'deal':
      return dealReply(p);
    case 'digest':
      return digestReply(p);
    default:
      throw new Error(`unknown notification payload type ${JSON.stringify((p as { type?: unknown })?.type)}`);
  }
}
