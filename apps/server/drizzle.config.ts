import { defineConfig } from 'drizzle-kit';

/** `npm run db:generate -w @xueli/server` turns schema changes into a committed SQL migration. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
});
