import { defineCommand, opt } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { traitsOf } from '../src/core/platform-traits.js';
import { commandHelpReply, helpReply } from '../src/replies/help.js';

export default defineCommand({
  name: 'help',
  description: 'What each command does and how to call it',
  options: {
    command: opt.string({ description: 'Explain this command in detail', maxLength: 40 }),
  },
  examples: ['help', 'help price'],
  async run({ options, commands, context }) {
    if (options.command === undefined) return helpReply(commands, traitsOf(context));
    const [name, sub] = options.command.toLowerCase().replace(/^\//, '').split(' ');
    const top = commands.find((c) => c.name === name);
    if (!top) {
      throw new UserError(
        `There is no command "${options.command}". Commands: ${commands.map((c) => c.name).join(', ')}.`,
      );
    }
    if (top.type === 'command') return commandHelpReply(top, traitsOf(context));
    const leaf = top.subcommands.find((s) => s.name === sub);
    return leaf ? commandHelpReply(leaf, traitsOf(context), top.name) : helpReply([top], traitsOf(context));
  },
});
