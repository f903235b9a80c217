import { type AnyCommand, type Command, type OptionSpec, usage } from '../core/command.js';
import { formatInvocation, parseText } from '../core/parse-text.js';
import type { PlatformTraits } from '../core/platform-traits.js';
import type { Reply } from '../core/reply.js';

function leaves(commands: readonly AnyCommand[]): { command: Command; prefix: string }[] {
  return commands.flatMap((c) =>
    c.type === 'command'
      ? [{ command: c, prefix: '' }]
      : c.subcommands.map((s) => ({ command: s, prefix: `${c.name} ` })),
  );
}

function describeOption(spec: OptionSpec): string {
  const extra =
    spec.kind === 'choice'
      ? `one of ${spec.choices.join(', ')}`
      : spec.kind === 'integer' && spec.choices
        ? `one of ${spec.choices.join(', ')}`
        : spec.kind === 'integer' || spec.kind === 'number'
          ? [spec.min !== undefined ? `min ${spec.min}` : '', spec.max !== undefined ? `max ${spec.max}` : '']
              .filter(Boolean)
              .join(', ')
          : '';
  const dflt = 'default' in spec && spec.default !== undefined ? `default ${spec.default}` : '';
  const notes = [spec.required ? 'required' : 'optional', extra, dflt].filter(Boolean).join('; ');
  return `${spec.description} (${notes})`;
}

/** `help`: every command's usage and description, generated from the specs. */
export function helpReply(commands: readonly AnyCommand[], platform: PlatformTraits): Reply {
  const prefix = platform.commandPrefix;
  const all = leaves(commands);
  return {
    title: 'minifig commands',
    summary: `Commands: ${all.map((l) => `${l.prefix}${l.command.name}`).join(', ')}`,
    tone: 'info',
    blocks: [
      {
        type: 'fields',
        fields: all.map(({ command, prefix: group }) => ({
          label: usage(command, prefix + group),
          value: command.description,
        })),
      },
      {
        type: 'text',
        text:
          'A figure is an item number (sw0002; old forms such as sw001a work too) or a name; ' +
          `put quotes around names of several words. ${prefix}help <command> explains one command.`,
      },
    ],
  };
}

/**
 * An example as the platform takes it: Discord shows named options ("/price figure:sw0002
 * condition:used"), the text platforms take the words as written.
 */
function example(command: Command, text: string, platform: PlatformTraits, group: string): string {
  const prefix = platform.commandPrefix + group;
  // A subcommand's options follow its group's name, which named-option syntax cannot show.
  if (!platform.namedOptions || group) return `${prefix}${text}`;
  try {
    return `${prefix}${formatInvocation(parseText(text, [command]))}`;
  } catch {
    return `${prefix}${text}`;
  }
}

/** `help <command>`: one command's options and examples. */
export function commandHelpReply(command: Command, platform: PlatformTraits, group = ''): Reply {
  const groupPrefix = group ? `${group} ` : '';
  const prefix = platform.commandPrefix + groupPrefix;
  const options = Object.entries(command.options);
  return {
    title: usage(command, prefix),
    summary: `${usage(command, prefix)}: ${command.description}`,
    tone: 'info',
    blocks: [
      { type: 'text', text: command.description },
      ...(options.length > 0
        ? [
            {
              type: 'fields' as const,
              fields: options.map(([n, s]) => ({ label: n, value: describeOption(s) })),
            },
          ]
        : []),
      ...(command.examples.length > 0
        ? [
            {
              type: 'text' as const,
              text: `Examples:\n${command.examples.map((e) => `  ${example(command, e, platform, groupPrefix)}`).join('\n')}`,
            },
          ]
        : []),
    ],
  };
}
