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
      // zod's comments confuse Rollup's annotation parser; the warning is harmless noise.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
      output: {
        manualChunks: (id) => {
          if (!id.includes('node_modules')) return undefined;
          if (/[\\/](antd|@ant-design|rc-[^\\/]+|@rc-component)[\\/]/.test(id)) return 'antd';
          // ECharts is only imported by the lazily loaded skills pages: keep it out of the eager vendor chunk.
          if (/[\\/](echarts|zrender|echarts-for-react|size-sensor)[\\/]/.test(id)) return 'charts';
          return 'vendor';
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
