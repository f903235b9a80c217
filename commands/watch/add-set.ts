import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { simpleReply } from '../../src/core/reply.js';
import { plural } from '../../src/replies/format.js';
import { inventoryPendingReply } from '../../src/replies/set.js';
import { MAX_SET_INPUT, resolveSet, setLabel, setsOf } from '../../src/sets/sets-of.js';

export default defineCommand({
  name: 'add-set',
  description: 'Watch every figure of a set, with the quantity the set holds',
  options: {
    set: opt.string({
      description: 'Set number (75192) or name',
      required: true,
      maxLength: MAX_SET_INPUT,
      autocomplete: async (typed, deps) =>
        (await setsOf(deps).autocomplete(typed, 25)).map((s) => ({ name: setLabel(s), value: s.setNo })),
    }),
    condition: opt.choice(['new', 'used'], { description: 'Condition (default new)', default: 'new' }),
  },
  private: true,
  examples: ['watch add-set 75192', 'watch add-set 6212 used'],
  async run({ options, deps, context }) {
    const store = alertingOf(deps);
    const user = callerOf(context);
    const sets = setsOf(deps);
    const set = await resolveSet(sets, options.set);
    const inventory = await sets.inventory(set.setNo);
    if (inventory === null) {
      await sets.requestInventory(set.setNo);
      const today = deps.now().toISOString().slice(0, 10);
      return { ...inventoryPendingReply(set, today, sets.fetchesInventories), ephemeral: true };
    }
    const figures = inventory.filter((e) => e.figure !== null);
    // Figures already watched in this condition are left as they are (their quantity is the user's).
    const watched = new Set(
      (await store.listWatch(user)).filter((w) => w.condition === options.condition).map((w) => w.figure.id),
    );
    const fresh = figures.filter((e) => !watched.has(e.figure?.id as string));
    const result = await store.importWatch(
      user,
      fresh.map((e, i) => ({
        line: i + 1,
        minifigureId: e.figure?.id as string,
        condition: options.condition,
        quantity: e.quantity,
        paid: null,
      })),
    );
    const parts = [
      `${result.added.length} added`,
      figures.length > fresh.length
        ? `${figures.length - fresh.length} already watched (left as they are)`
        : null,
      result.overLimit.length > 0 ? `${result.overLimit.length} not added: your watchlist is full` : null,
      inventory.length > figures.length
        ? `${inventory.length - figures.length} not in the catalogue yet`
        : null,
    ].filter(Boolean);
    const text =
      figures.length === 0
        ? `${set.setNo} ${set.name} has no minifigures to watch.`
        : `${set.setNo} ${set.name}: ${plural(figures.length, 'figure')} (${options.condition}): ${parts.join(', ')}.`;
    return simpleReply(text, { tone: result.added.length > 0 ? 'positive' : 'info', ephemeral: true });
  },
});
