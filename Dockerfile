# OpSync server image. Two stages: build (all dependencies, compile) and a slim runtime
# (production dependencies only), running as a non-root user. Migrations run at start-up.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY nest-cli.json tsconfig.json ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY src ./src
# --omit=optional leaves out the embedded PostgreSQL and its server binaries: the container uses a
# database service (DATABASE_URL). .ci/image-rehearsal runs these RUN lines as written.
RUN npm run build && npm prune --omit=dev --omit=optional --ignore-scripts

FROM node:20-bookworm-slim AS runtime
ARG REVISION=unknown
LABEL org.opencontainers.image.title="OpSync" org.opencontainers.image.revision="${REVISION}"
ENV NODE_ENV=production \
    PORT=1900 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/data \
    NODE_OPTIONS=--max-old-space-size=576
RUN groupadd --gid 1001 opsync && useradd --uid 1001 --gid opsync --create-home opsync \
    && mkdir -p /app/data && chown opsync:opsync /app/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
USER opsync
EXPOSE 1900
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 1900) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# Operator scripts run as: docker compose exec opsync node dist/scripts/<name>.js …
CMD ["node", "dist/src/main.js"]
