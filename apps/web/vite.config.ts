// Builds the SPA into apps/web/dist, which the Fastify server serves at / (with SPA fallback).
// In development, `npm run dev -w @xueli/web` proxies /api to a server on port 3000.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        manualChunks: (id) => {
          if (!id.includes('node_modules')) return undefined;
          if (/[\\/](antd|@ant-design|rc-[^\\/]+|@rc-component)[\\/]/.test(id)) return 'antd';
          if (/[\\/](react-markdown|remark-|rehype-|micromark|mdast-|hast-|unified|unist-)/.test(id)) return 'markdown';
          return 'vendor';
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
