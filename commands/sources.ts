import { defineCommand } from '../src/core/command.js';
import { sourcesReply } from '../src/replies/sources.js';

export default defineCommand({
  name: 'sources',
  description: "Each price source's last run, its result and today's API quota use",
  examples: ['sources'],
  async run({ deps }) {
    return sourcesReply(await deps.sources.status(), deps.now());
  },
});
