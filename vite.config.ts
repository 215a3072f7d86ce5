import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/** The chat client: sources in src/web, built into dist/ (served by the server, see src/http/pages.ts). */
export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [vue()],
  build: {
    outDir: '../../dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1024,
  },
});
