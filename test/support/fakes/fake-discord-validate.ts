/**
 * What real Discord rejects with 400 "Invalid Form Body" (code 50035), checked by the fake so that an
 * end-to-end test fails when the adapter sends something Discord would refuse. The numbers are
 * written out here from Discord's documentation on purpose: they must not come from the adapter's
 * own limits.ts, or a wrong limit there would go unnoticed.
 * (discord.com/developers/docs/resources/message#embed-object-embed-limits, .../components/reference)
 */

type Json = Record<string, unknown>;

/** Problems found, as `path: message` strings; empty means Discord would accept the body. */
export function messageBodyProblems(body: Json): string[] {
  const problems: string[] = [];
  const content = body.content;
  if (typeof content === 'string' && content.length > 2000) problems.push('content: longer than 2000');
  const embeds = asArray(body.embeds);
  if (embeds.length > 10) problems.push('embeds: more than 10');
  let total = 0;
  embeds.forEach((raw, i) => {
    const embed = raw as Json;
    const at = `embeds.${i}`;
    total += checkText(problems, `${at}.title`, embed.title, 256);
    total += checkText(problems, `${at}.description`, embed.description, 4096);
    total += checkText(problems, `${at}.footer.text`, (embed.footer as Json | undefined)?.text, 2048);
    total += checkText(problems, `${at}.author.name`, (embed.author as Json | undefined)?.name, 256);
    const fields = asArray(embed.fields);
    if (fields.length > 25) problems.push(`${at}.fields: more than 25`);
    fields.forEach((f, j) => {
      const field = f as Json;
      total += checkText(problems, `${at}.fields.${j}.name`, field.name, 256, true);
      total += checkText(problems, `${at}.fields.${j}.value`, field.value, 1024, true);
    });
    if (embed.color !== undefined && !(Number.isInteger(embed.color) && (embed.color as number) >= 0)) {
      problems.push(`${at}.color: not a colour`);
    }
  });
  if (total > 6000) problems.push(`embeds: ${total} characters in total, more than 6000`);
  problems.push(...componentProblems(asArray(body.components)));
  return problems;
}

function componentProblems(rows: unknown[]): string[] {
  const problems: string[] = [];
  if (rows.length > 5) problems.push('components: more than 5 action rows');
  const ids = new Set<string>();
  rows.forEach((raw, i) => {
    const row = raw as Json;
    if (row.type !== 1) problems.push(`components.${i}: not an action row`);
    const children = asArray(row.components);
    if (children.length < 1 || children.length > 5) problems.push(`components.${i}: 1 to 5 components`);
    children.forEach((c, j) => {
      const button = c as Json;
      const at = `components.${i}.components.${j}`;
      if (button.type !== 2) {
        problems.push(`${at}: only buttons are expected here`);
        return;
      }
      const style = button.style as number;
      if (![1, 2, 3, 4, 5].includes(style)) problems.push(`${at}.style: invalid`);
      if (typeof button.label === 'string' && button.label.length > 80)
        problems.push(`${at}.label: longer than 80`);
      if (style === 5) {
        if (typeof button.url !== 'string') problems.push(`${at}.url: required for link buttons`);
      } else {
        const id = button.custom_id;
        if (typeof id !== 'string' || id.length < 1 || id.length > 100) {
          problems.push(`${at}.custom_id: 1 to 100 characters`);
        } else if (ids.has(id)) {
          problems.push(`${at}.custom_id: duplicate`);
        } else {
          ids.add(id);
        }
      }
    });
  });
  return problems;
}

/**
 * Validates one text field and returns its length for the 6,000-character total. Lengths are UTF-16
 * units, the stricter of the two ways Discord might count (an emoji is 2 here, 1 as a code point).
 */
function checkText(problems: string[], path: string, value: unknown, max: number, required = false): number {
  if (value === undefined || value === null) {
    if (required) problems.push(`${path}: required`);
    return 0;
  }
  if (typeof value !== 'string') {
    problems.push(`${path}: not a string`);
    return 0;
  }
  const length = value.length;
  if (required && value.trim() === '') problems.push(`${path}: must not be empty`);
  if (length > max) problems.push(`${path}: longer than ${max}`);
  return length;
}

/** Autocomplete results: at most 25 choices, names and string values 1-100 characters. */
export function autocompleteProblems(data: Json | undefined): string[] {
  const choices = asArray(data?.choices);
  const problems: string[] = [];
  if (choices.length > 25) problems.push('data.choices: more than 25');
  choices.forEach((c, i) => {
    const choice = c as Json;
    const name = choice.name;
    if (typeof name !== 'string' || name.length < 1 || name.length > 100) {
      problems.push(`data.choices.${i}.name: 1 to 100 characters`);
    }
    const value = choice.value;
    if (typeof value === 'string' && value.length > 100)
      problems.push(`data.choices.${i}.value: longer than 100`);
  });
  return problems;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
