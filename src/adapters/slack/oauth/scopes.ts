/** The bot scopes the app asks for when installed (they match oauth_config in ../manifest.yml). */
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'files:write',
  'files:read',
  'im:history',
  'app_mentions:read',
  'im:write',
  'users:read',
] as const;

export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_REDIRECT_PATH = '/slack/oauth_redirect';
