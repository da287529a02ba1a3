import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The template's config (npm create vite, react), with a target that allows top-level await.
export default defineConfig({
  plugins: [react()],
  build: { target: 'es2022' },
});
