# One image for the worker, the API, the simulator and the one-shot setup (different commands).
# The project runs TypeScript through tsx, as `npm start` does; workflow code is bundled at worker start.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
# Workflow code is bundled once at build time; a stray Node import in workflows/ fails here.
RUN npx tsx workers/build-workflow-bundle.ts dist/workflow-bundle.js
ENV NODE_ENV=production LOG_FORMAT=json WORKER_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
USER node
CMD ["npx", "tsx", "workers/main.ts"]
