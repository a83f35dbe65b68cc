import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  // `pnpm --filter @tributary/web dev` serves the UI with hot reload against an API on 8080.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
