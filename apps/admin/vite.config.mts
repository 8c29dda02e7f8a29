import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The admin UI: static files under dist/admin, served by the API at /admin.
 * JSX goes through Vite's own oxc transform (automatic runtime); the React
 * plugin would only add fast refresh, and its optional Babel peers do not
 * resolve with this project's Jest.
 */
export default defineConfig({
  root,
  base: '/admin/',
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: { alias: { '@localreach/api-client': fileURLToPath(new URL('../../libs/api-client/src/index.ts', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/admin', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // .vite/manifest.json: which chunks each route loads, read by the admin bench (never served: express.static ignores dotfiles).
    manifest: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // Mantine marks its modules "use client" for React Server Components; meaningless in a client bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  test: {
    root,
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
