import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import { defineCommand } from '../../src/core/command.js';
import { alertListReply } from '../../src/replies/alerts.js';

export default defineCommand({
  name: 'list',
  description: 'Your alerts, with their ids',
  private: true,
  examples: ['alert list'],
  async run({ deps, context }) {
    const store = alertingOf(deps);
    return alertListReply(await store.listAlerts(callerOf(context)), store.alertsPerUser);
  },
});
