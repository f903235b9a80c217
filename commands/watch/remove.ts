import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import { simpleReply } from '../../src/core/reply.js';

export default defineCommand({
  name: 'remove',
  description: 'Stop watching a figure',
  options: {
    figure: opt.figure({ description: 'Item number (sw0001) or name', required: true }),
    condition: opt.choice(['new', 'used'], { description: 'Only this condition (default both)' }),
  },
  private: true,
  examples: ['watch remove sw0001'],
  async run({ options, deps, context }) {
    const removed = await alertingOf(deps).removeWatch(
      callerOf(context),
      options.figure.id,
      options.condition,
    );
    if (removed === 0) throw new UserError(`${options.figure.itemNo} is not on your watchlist.`);
    return simpleReply(`Stopped watching ${options.figure.itemNo} ${options.figure.name}.`, {
      ephemeral: true,
    });
  },
});
