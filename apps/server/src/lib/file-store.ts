/**
 * File storage port: uploaded bytes by opaque key. The local-disk adapter is the default;
 * an object-store adapter would implement the same three calls.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomToken } from './crypto.ts';

export interface FileStore {
  /** Stores bytes and returns the key to fetch them with. */
  put(bytes: Buffer, ext: string): Promise<string>;
  /** A readable stream of the stored bytes; throws ENOENT when missing. */
  open(key: string): fs.ReadStream;
  remove(key: string): Promise<void>;
}

export function localFileStore(root: string): FileStore {
  const resolve = (key: string) => {
    if (!/^[A-Za-z0-9_-]+(\.[a-z0-9]{1,10})?$/.test(key)) throw new Error(`bad storage key ${key}`);
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    async put(bytes, ext) {
      const safeExt = /^[a-z0-9]{1,10}$/.test(ext) ? `.${ext}` : '';
      const key = `${randomToken(18)}${safeExt}`;
      const file = resolve(key);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      await fsp.writeFile(file, bytes);
      return key;
    },
    open: (key) => fs.createReadStream(resolve(key)),
    remove: (key) => fsp.rm(resolve(key), { force: true }),
  };
}
