import { alertingOf, callerOf, confirmsWithButtons } from '../../src/alerts/caller.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import { alertRemovedReply, confirmRemoveReply } from '../../src/replies/alerts.js';

export default defineCommand({
  name: 'remove',
  description: 'Delete one of your alerts',
  options: {
    id: opt.string({
      description: 'The alert id, as alert list shows it (#12 or 12)',
      maxLength: 20,
      required: true,
    }),
    confirm: opt.boolean({ description: 'Skip the confirmation button', default: false }),
  },
  private: true,
  examples: ['alert remove 12'],
  async run({ options, deps, context }) {
    const store = alertingOf(deps);
    const user = callerOf(context);
    const id = options.id.replace(/^#/, '').trim();
    const notYours = () =>
      new UserError(`You have no alert #${id.slice(0, 20)}. alert list shows the ids of your alerts.`);
    if (!/^\d{1,18}$/.test(id)) throw notYours();
    // Chat platforms confirm with a button; the console just does it.
    if (!options.confirm && confirmsWithButtons(context)) {
      const alert = (await store.listAlerts(user)).find((a) => a.id === id);
      if (!alert) throw notYours();
      return confirmRemoveReply(alert);
    }
    const removed = await store.removeAlert(user, id);
    if (!removed) throw notYours();
    return alertRemovedReply(removed);
  },
});
