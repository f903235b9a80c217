/**
 * The one place commands run and errors are handled. Adapters call `dispatch` (typed options from a
 * slash command), `dispatchText` (Slack text, console lines, button payloads) or `autocomplete`;
 * none of them ever throws:
 * - a UserError becomes an ephemeral reply with its message (and, for a figure that did not
 *   resolve, buttons to pick one of the suggestions);
 * - anything else is logged with its stack under a short reference id, and the user gets an
 *   ephemeral "Something went wrong (ref a1b2c3)". Raw exception text never reaches chat.
 * Every dispatch asks `deps()` for a fresh services bag: production forks the EntityManager there.
 */
import type { Logger } from 'pino';
import type { Deps } from '../deps.js';
import { log as rootLog } from '../log.js';
import { errorReply } from '../replies/error.js';
import {
  type AnyCommand,
  type Choice,
  findCommand,
  type Invocation,
  type InvocationContext,
  MAX_CHOICE_LENGTH,
  MAX_CHOICES,
  type OptionSpecs,
  type OptionValues,
} from './command.js';
import { describeForUser, UserError } from './errors.js';
import { autocompleteFigures } from './figure-resolver.js';
import { cleanText, OptionFigureError, readOptions } from './options.js';
import { parseText, unknownCommandMessage } from './parse-text.js';
import { traitsOf } from './platform-traits.js';
import type { Reply } from './reply.js';

export const DEMO_LABEL = 'demo data';

export interface AutocompleteRequest {
  command: string;
  subcommand?: string;
  option: string;
  /** What the user has typed so far. */
  value: string;
}

export interface Dispatcher {
  readonly commands: readonly AnyCommand[];
  dispatch(invocation: Invocation, context: InvocationContext): Promise<Reply>;
  dispatchText(text: string, context: InvocationContext): Promise<Reply>;
  /** At most 25 choices; an empty list when there is nothing to offer or something failed. */
  autocomplete(request: AutocompleteRequest, context: InvocationContext): Promise<Choice[]>;
}

export interface DispatcherOptions {
  commands: readonly AnyCommand[];
  /** Called once per dispatch and per autocomplete request. */
  deps: () => Deps;
  log?: Logger;
}

/** How the user's platform spells a command, for hints such as "Type /minifig help". */
function commandPrefix(context: InvocationContext): string {
  return traitsOf(context).commandPrefix;
}

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const { commands } = opts;
  const log = opts.log ?? rootLog;

  async function run(invocation: Invocation, context: InvocationContext, deps: Deps): Promise<Reply> {
    const found = findCommand(commands, invocation.command, invocation.subcommand);
    if (!found) {
      throw new UserError(unknownCommandMessage(invocation.command, commands, commandPrefix(context)));
    }
    const prefix = found.group ? `${found.group.name} ` : '';
    const options = await readOptions(found.command, invocation.options, deps, prefix);
    // readOptions checked every value against the same specs that type OptionValues.
    return found.command.run({ options: options as OptionValues<OptionSpecs>, deps, context, commands });
  }

  async function safely(
    context: InvocationContext,
    describe: () => Record<string, unknown>,
    work: (deps: Deps) => Promise<Reply>,
    retry?: (option: string, itemNo: string) => Invocation | undefined,
  ): Promise<Reply> {
    const started = performance.now();
    let deps: Deps | undefined;
    let reply: Reply;
    try {
      deps = opts.deps();
      reply = await work(deps);
    } catch (err) {
      if (err instanceof OptionFigureError) {
        const buttons = err.suggestions.slice(0, 5).flatMap((f) => {
          const invocation = retry?.(err.option, f.itemNo);
          return invocation ? [{ label: f.itemNo, invocation }] : [];
        });
        reply = errorReply(err.message, buttons);
      } else if (err instanceof UserError) {
        reply = errorReply(err.message);
      } else {
        reply = errorReply(describeForUser(err, { ...describe(), platform: context.platform }));
      }
    }
    log.debug({ ...describe(), platform: context.platform, ms: performance.now() - started }, 'dispatched');
    return deps?.demoData ? { ...reply, label: DEMO_LABEL } : reply;
  }

  const describeInvocation = (inv: Invocation) => () => ({
    command: inv.command,
    subcommand: inv.subcommand,
  });
  const retryWith = (inv: Invocation) => (option: string, itemNo: string) => ({
    ...inv,
    options: { ...inv.options, [option]: itemNo },
  });

  return {
    commands,
    dispatch: (invocation, context) =>
      safely(
        context,
        describeInvocation(invocation),
        (deps) => run(invocation, context, deps),
        retryWith(invocation),
      ),
    dispatchText(text, context) {
      let parsed: Invocation | undefined;
      return safely(
        context,
        () => (parsed ? describeInvocation(parsed)() : { text: text.slice(0, 200) }),
        (deps) => {
          parsed = parseText(text, commands, commandPrefix(context));
          return run(parsed, context, deps);
        },
        (option, itemNo) => (parsed ? retryWith(parsed)(option, itemNo) : undefined),
      );
    },
    async autocomplete(request, context) {
      try {
        const found = findCommand(commands, request.command, request.subcommand);
        const spec = found?.command.options[request.option];
        if (!spec) return [];
        const typed = cleanText(request.value);
        let choices: Choice[];
        if (spec.kind === 'figure') choices = await autocompleteFigures(opts.deps().figures, typed);
        else if (spec.kind === 'string' && spec.autocomplete)
          choices = await spec.autocomplete(typed, opts.deps());
        else if (spec.kind === 'choice') {
          choices = spec.choices
            .filter((c) => c.toLowerCase().startsWith(typed.toLowerCase()))
            .map((c) => ({ name: c, value: c }));
        } else choices = [];
        return choices.slice(0, MAX_CHOICES).map((c) => ({
          name: c.name.slice(0, MAX_CHOICE_LENGTH),
          value: c.value.slice(0, MAX_CHOICE_LENGTH),
        }));
      } catch (err) {
        // Nobody sees an autocomplete error; log it like any bug and offer nothing.
        describeForUser(err, {
          autocomplete: request.command,
          option: request.option,
          platform: context.platform,
        });
        return [];
      }
    },
  };
}
