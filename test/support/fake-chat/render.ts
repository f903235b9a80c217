import type { Reply } from '../../../src/core/reply.js';

/** Reply -> the fake platform's message: its title (or summary), then every text and field line. */
export function renderFakeChat(reply: Reply): string {
  const lines = [reply.title ?? reply.summary];
  for (const block of reply.blocks) {
    if (block.type === 'text') lines.push(block.text);
    if (block.type === 'fields') lines.push(...block.fields.map((f) => `${f.label}: ${f.value}`));
    if (block.type === 'table') lines.push(...block.rows.map((r) => r.join(' | ')));
  }
  if (reply.footer) lines.push(reply.footer);
  return lines.join('\n');
}
