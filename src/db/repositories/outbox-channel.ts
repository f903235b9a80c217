/** The channel the outbox trigger notifies (migrations/Migration20261126000600_alerting.ts); see listen-channel.ts. */
export const OUTBOX_CHANNEL = 'notifications';
