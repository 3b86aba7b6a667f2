# The web app's image (web/, Next.js: /customer and /admin), built from the repository root:
#
#   docker build -f deploy/web.Dockerfile --target web -t dinner-web:latest .
#
# `next start` serves the built app on port 3000 behind Caddy, which routes /customer, /admin
# and /_next to it and /api, /ws straight to the APIs. Dependencies install in their own layer
# from package-lock.json; the runtime image holds the production dependencies and the build
# only, and runs as the unprivileged `node` user. deploy/web.Dockerfile.dockerignore keeps the
# build context to web/ without its installed packages, builds and test output.

ARG NODE_IMAGE=node:20.19.5-bookworm-slim

# --- deps: every package, for building ------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- build: `next build` (type-checks too); its cache stays behind --------------------------
FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY web/ ./
RUN npx next build && rm -rf .next/cache

# --- runtime-deps: production packages only ----------------------------------------------------
FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- web: what runs ------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS web
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1
WORKDIR /web
COPY --from=runtime-deps /web/node_modules ./node_modules
COPY --from=build /web/.next ./.next
COPY web/package.json web/next.config.ts ./
USER node
EXPOSE 3000
CMD ["node_modules/.bin/next", "start", "--hostname", "0.0.0.0", "--port", "3000"]
