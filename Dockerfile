# syntax=docker/dockerfile:1
# The minifig CLI (bin/minifig.js runs the TypeScript sources through tsx; there is no build step).
# It expects DATABASE_URL; see docker-compose.yml for a database and the one-shot commands.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

WORKDIR /app

# Dependencies first, so this layer is rebuilt only when the manifest or the lock file change.
# tsx is a runtime dependency. embedded-postgres installs too (with its postinstall script) but is
# not started while DATABASE_URL is set.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# Sources, least often changed first. Root owns them; the app only reads them.
COPY tsconfig.json mikro-orm.config.ts ./
COPY bin ./bin/
COPY migrations ./migrations/
COPY src ./src/
COPY commands ./commands/
COPY jobs ./jobs/

# DATA_DIR (./data): writable for the runtime user, for the embedded fallback without DATABASE_URL.
RUN mkdir -p /app/data && chown node:node /app/data

# The unprivileged user that the official Node image provides (uid 1000).
USER node

ENTRYPOINT ["node", "bin/minifig.js"]
CMD ["--help"]
