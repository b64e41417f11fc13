# The service in a container: `docker build -t hoc-vu-so .` then
# `docker run -d --name hoc-vu-so -p 127.0.0.1:3000:3000 -v hoc-vu-so-data:/data --env-file .env hoc-vu-so`.
# node is PID 1's only child-free process here (no npm, no shell), so `docker stop` (SIGTERM) reaches the
# service itself: intake stops, in-flight work finishes or stays recorded, the database closes.

# Dependencies, built where build tools exist (better-sqlite3 compiles if no prebuilt binary fits).
FROM node:20-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_PATH=/data/app.db
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY content ./content
COPY prompts ./prompts
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "tsx", "src/cli.ts", "start"]
