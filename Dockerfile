# Hyoka image: the API, serving the built web app at /, and the admin CLI (npx hyoka). Used by docker-compose.yml.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
# .npmrc points node-gyp at /usr for Node's headers; the official image keeps them under /usr/local
RUN npm ci --no-audit --no-fund --nodedir=/usr/local \
 && NX_DAEMON=false npx nx run-many -t build -p @hyoka/api @hyoka/web @hyoka/cli --outputStyle=static \
 && npm prune --omit=dev --nodedir=/usr/local

FROM node:20-bookworm-slim AS api
ENV NODE_ENV=production HYOKA_PORT=3000 HYOKA_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app /app
VOLUME /data
EXPOSE 3000
CMD ["node", "--enable-source-maps", "apps/api/dist/main.js"]
