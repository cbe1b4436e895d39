/** For the benchmarks: a statement on the server's `postgres` database (create or drop a benchmark database). */
import pg from 'pg';

export async function adminQuery(url: string, text: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
