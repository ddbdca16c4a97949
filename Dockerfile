# kensaku API. Meilisearch runs as its own service (docker-compose.yml), so the image skips the bundled binary.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --omit=optional && npm cache clean --force
COPY bin ./bin
COPY cli ./cli
COPY domain ./domain
COPY errors ./errors
COPY config ./config
COPY embeddings ./embeddings
COPY store ./store
COPY indexer ./indexer
COPY search ./search
COPY service ./service
COPY api ./api
COPY server ./server
COPY corpus ./corpus
ENV HOST=0.0.0.0 PORT=8080 DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:8080/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "cli/main.ts", "serve"]
