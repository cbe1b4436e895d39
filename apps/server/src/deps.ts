import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { FileStore } from './lib/file-store.ts';

/** What operations need from the outside world; built once in the composition root. */
export interface Deps {
  db: Db;
  config: Config;
  files: FileStore;
}

/** Who is acting and under which request, passed to every operation that changes data. */
export interface OpContext {
  actorUserId: number | null;
  requestId?: string | null;
}
