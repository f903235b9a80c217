import { describeRule } from '../alerts/rules.js';
import type { StoredAlert } from '../alerts/store.js';
import { brickLinkCatalogUrl } from '../core/figure.js';
import type { Reply } from '../core/reply.js';
import { truncate, utcDateTime } from './format.js';

const where = (a: StoredAlert) => (a.channelId ? 'this channel' : 'a direct message');

function line(a: StoredAlert): string[] {
  return [
    `#${a.id}`,
    a.figure.itemNo,
    truncate(a.figure.name, 28),
    a.condition,
    describeRule(a),
    a.channelId ? 'channel' : 'DM',
    a.lastFiredAt ? `fired ${utcDateTime(a.lastFiredAt)}` : 'not yet',
  ];
}

/** `alert add`: what will be watched and where it will be sent, with an undo button. */
export function alertAddedReply(
  a: StoredAlert,
  used: number,
  limit: number,
  /** When prices are next checked against alerts, if known. */
  nextCheck: Date | null = null,
): Reply {
  const text =
    `Alert #${a.id} set: ${a.figure.itemNo} ${a.figure.name} (${a.condition}), ${describeRule(a)}. ` +
    `It will be sent to ${where(a)}.` +
    (nextCheck ? ` Prices are next checked against it at ${utcDateTime(nextCheck)}.` : '');
  return {
    title: `Alert #${a.id} · ${a.figure.itemNo}`,
    url: brickLinkCatalogUrl(a.figure.itemNo),
    summary: text,
    tone: 'positive',
    ephemeral: true,
    blocks: [
      { type: 'text', text },
      {
        type: 'actions',
        buttons: [
          {
            label: 'Undo',
            invocation: { command: 'alert', subcommand: 'remove', options: { id: a.id, confirm: true } },
          },
        ],
      },
    ],
    footer: `${used} of ${limit} alerts in use · alert list shows them`,
  };
}

/** `alert list`. */
export function alertListReply(alerts: StoredAlert[], limit: number): Reply {
  if (alerts.length === 0) {
    const text = 'You have no alerts. Add one with: alert add sw0001 below 5';
    return { summary: text, tone: 'neutral', ephemeral: true, blocks: [{ type: 'text', text }] };
  }
  return {
    title: 'Your alerts',
    summary: `You have ${alerts.length} alert${alerts.length === 1 ? '' : 's'} (at most ${limit}).`,
    tone: 'info',
    ephemeral: true,
    blocks: [
      {
        type: 'table',
        columns: [
          { header: 'Id' },
          { header: 'Item' },
          { header: 'Name' },
          { header: 'Cond' },
          { header: 'When' },
          { header: 'To' },
          { header: 'Last fired' },
        ],
        rows: alerts.map(line),
      },
    ],
    footer: `${alerts.length} of ${limit} alerts in use · alert remove <id> deletes one`,
  };
}

/** `alert remove` on a platform with buttons: ask first. */
export function confirmRemoveReply(a: StoredAlert): Reply {
  const text = `Remove alert #${a.id} (${a.figure.itemNo}, ${describeRule(a)})?`;
  return {
    summary: text,
    tone: 'warning',
    ephemeral: true,
    blocks: [
      { type: 'text', text },
      {
        type: 'actions',
        buttons: [
          {
            label: `Remove #${a.id}`,
            style: 'primary',
            invocation: { command: 'alert', subcommand: 'remove', options: { id: a.id, confirm: true } },
          },
        ],
      },
    ],
  };
}

export function alertRemovedReply(a: StoredAlert): Reply {
  const text = `Alert #${a.id} removed (${a.figure.itemNo}, ${describeRule(a)}).`;
  return { summary: text, tone: 'neutral', ephemeral: true, blocks: [{ type: 'text', text }] };
}
