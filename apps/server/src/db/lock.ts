/**
 * PGlite runs inside one process: two processes on one data directory would corrupt it.
 * The server takes this lock; CLI commands that open the database refuse while it is held.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock on `dataDir` for this process; returns the release function. */
export function lockDataDir(dataDir: string, holder: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'xueli.lock');
  if (fs.existsSync(file)) {
    const [pidText, who] = fs.readFileSync(file, 'utf8').split('\n');
    const pid = Number(pidText);
    if (pid && pid !== process.pid && alive(pid)) {
      throw new DataDirLockedError(
        `The embedded database in ${dataDir} is in use by ${who ?? 'another process'} (pid ${pid}). ` +
          'Stop it first, or point this command at a PostgreSQL server with DATABASE_URL.',
      );
    }
  }
  fs.writeFileSync(file, `${process.pid}\n${holder}\n`);
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').startsWith(`${process.pid}\n`)) fs.rmSync(file);
    } catch {
      // already gone
    }
  };
}
