import { defineConfig } from 'vite';

// Vite's defaults, with a target that allows top-level await.
export default defineConfig({
  build: { target: 'es2022' },
});
