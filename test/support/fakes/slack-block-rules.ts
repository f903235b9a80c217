/**
 * The Block Kit rules the real Slack API enforces (it answers `invalid_blocks` when one is broken),
 * written out here from Slack's reference independently of the renderer's limits.ts, so that a
 * renderer that forgets a limit fails against the fake exactly as it would against Slack.
 */

type Json = Record<string, unknown>;

const KNOWN_BLOCKS = new Set(['section', 'header', 'divider', 'actions', 'context', 'image']);

/** Problems with a message's blocks, one line each; empty when Slack would accept them. */
export function blockProblems(blocks: unknown): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const problems: string[] = [];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks (max 50)`);
  const actionIds = new Set<string>();
  blocks.forEach((raw, i) => {
    const block = raw as Json;
    const at = `blocks[${i}]`;
    if (!KNOWN_BLOCKS.has(String(block.type))) {
      problems.push(`${at}: unknown block type ${String(block.type)}`);
      return;
    }
    if (block.type === 'header') checkText(block.text, 150, `${at}.text`, problems, ['plain_text']);
    if (block.type === 'section') checkSection(block, at, problems);
    if (block.type === 'context') {
      const elements = asArray(block.elements);
      if (elements.length < 1 || elements.length > 10) problems.push(`${at}: 1-10 context elements`);
      elements.forEach((e, j) => {
        const el = e as Json;
        if (el.type === 'image') checkImage(el, `${at}.elements[${j}]`, problems);
        else checkText(el, 3000, `${at}.elements[${j}]`, problems);
      });
    }
    if (block.type === 'image') {
      checkImage(block, at, problems);
      if (block.title !== undefined) checkText(block.title, 2000, `${at}.title`, problems, ['plain_text']);
    }
    if (block.type === 'actions') {
      const elements = asArray(block.elements);
      if (elements.length < 1 || elements.length > 25) problems.push(`${at}: 1-25 actions elements`);
      elements.forEach((e, j) => {
        const el = e as Json;
        const where = `${at}.elements[${j}]`;
        if (el.type !== 'button') problems.push(`${where}: only buttons are expected`);
        checkText(el.text, 75, `${where}.text`, problems, ['plain_text']);
        if (typeof el.value === 'string' && el.value.length > 2000) problems.push(`${where}.value too long`);
        const id = String(el.action_id ?? '');
        if (id.length > 255) problems.push(`${where}.action_id too long`);
        if (id && actionIds.has(id)) problems.push(`${where}: duplicate action_id ${id}`);
        actionIds.add(id);
        if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
          problems.push(`${where}: bad style ${String(el.style)}`);
        }
      });
    }
    if (block.block_id !== undefined && String(block.block_id).length > 255) problems.push(`${at}.block_id`);
  });
  return problems;
}

function checkSection(block: Json, at: string, problems: string[]): void {
  if (block.text === undefined && block.fields === undefined) problems.push(`${at}: text or fields required`);
  if (block.text !== undefined) checkText(block.text, 3000, `${at}.text`, problems);
  if (block.fields !== undefined) {
    const fields = asArray(block.fields);
    if (fields.length < 1 || fields.length > 10) problems.push(`${at}: 1-10 fields`);
    fields.forEach((f, j) => {
      checkText(f, 2000, `${at}.fields[${j}]`, problems);
    });
  }
  if (block.accessory !== undefined) {
    const accessory = block.accessory as Json;
    if (accessory.type === 'image') checkImage(accessory, `${at}.accessory`, problems);
  }
}

function checkImage(el: Json, at: string, problems: string[]): void {
  if (typeof el.image_url !== 'string' || el.image_url.length === 0 || el.image_url.length > 3000) {
    problems.push(`${at}.image_url`);
  }
  if (typeof el.alt_text !== 'string' || el.alt_text.length === 0 || el.alt_text.length > 2000) {
    problems.push(`${at}.alt_text`);
  }
}

function checkText(
  obj: unknown,
  max: number,
  at: string,
  problems: string[],
  types = ['plain_text', 'mrkdwn'],
): void {
  const text = obj as Json | undefined;
  if (!text || typeof text !== 'object') {
    problems.push(`${at}: text object required`);
    return;
  }
  if (!types.includes(String(text.type))) problems.push(`${at}: type must be ${types.join(' or ')}`);
  if (typeof text.text !== 'string' || text.text.length === 0) problems.push(`${at}: empty text`);
  else if (text.text.length > max) problems.push(`${at}: ${text.text.length} characters (max ${max})`);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
