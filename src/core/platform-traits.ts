/**
 * What commands need to know of the platform they answer on, as data: how it spells a command,
 * who counts as an admin there, and what it can show. Each platform's `ChatPlatform`
 * (src/adapters/<name>/platform.ts) is one of these; its adapter puts it in the invocation context.
 */
export interface PlatformTraits {
  /** Stored with every user, channel and outbox row ("discord"); lower case letters and dashes. */
  readonly name: string;
  /** How a command is typed there, for help and hints: "/", "/minifig ", "". */
  readonly commandPrefix: string;
  /** Who may change a channel's settings there, as a sentence fragment: "Only <adminWording> can ...". */
  readonly adminWording: string;
  /** It has channels that digests and channel alerts can post to (the terminal chat has none). */
  readonly hasChannels: boolean;
  /** Its users expect a button to confirm a destructive action. */
  readonly confirmsWithButtons: boolean;
  /** Commands take named options there (Discord's slash commands), so help shows examples that way. */
  readonly namedOptions: boolean;
  /** The user runs it on their own machine, so a command may read a file path they type. */
  readonly readsLocalFiles: boolean;
}

/** How a context without a known platform (a test, a script) is treated: plain text, no extras. */
export const PLAIN_TEXT_TRAITS: PlatformTraits = {
  name: 'unknown',
  commandPrefix: '',
  adminWording: 'channel admins',
  hasChannels: true,
  confirmsWithButtons: false,
  namedOptions: false,
  readsLocalFiles: false,
};

/** The traits of the platform a command was invoked on. */
export function traitsOf(context: { traits?: PlatformTraits }): PlatformTraits {
  return context.traits ?? PLAIN_TEXT_TRAITS;
}
