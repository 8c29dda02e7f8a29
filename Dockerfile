# Production image for the API and the worker (the same image, different command).
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --engine-strict --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
# The shipped email layout and preset templates are read at run time.
COPY --from=build /app/templates ./templates
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
