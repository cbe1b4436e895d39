/**
 * Just enough ZIP for item packages: QTI content packages (imsmanifest.xml + item files) are
 * zips, and an .xlsx is one. Reading checks the central directory first — entry count, declared
 * sizes, no encryption or ZIP64 — and inflates each entry with an output cap, so a zip bomb is
 * refused before it is expanded. Writing stores deflated entries with CRC-32 (node:zlib).
 */
import zlib from 'node:zlib';

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  data: Buffer;
}

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the entries' uncompressed sizes. */
  maxTotalBytes: number;
}

interface DirEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export const isZip = (buf: Uint8Array) => buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;

function centralDirectory(buf: Buffer, limits: ZipLimits): DirEntry[] {
  // End of central directory: the last PK\x05\x06 within 64 KiB (+22) of the end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
  if (count > limits.maxEntries) throw new ZipError(`the zip has ${count} entries; at most ${limits.maxEntries} are accepted`);
  if (dirOffset + dirSize > buf.length) throw new ZipError('the zip is truncated');
  const out: DirEntry[] = [];
  let p = dirOffset;
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError('the zip central directory is damaged');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    if (flags & 0x1) throw new ZipError(`${name}: encrypted entries are not supported`);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
    total += size;
    if (total > limits.maxTotalBytes) throw new ZipError(`the zip expands to more than ${Math.round(limits.maxTotalBytes / 1048576)} MiB`);
    out.push({ name, method, flags, crc, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** The declared total uncompressed size of a zip (checks the directory against `limits`). */
export function checkZip(bytes: Uint8Array, limits: ZipLimits): { entries: number; totalBytes: number } {
  const dir = centralDirectory(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  return { entries: dir.length, totalBytes: dir.reduce((a, e) => a + e.size, 0) };
}

/** The files of a zip (folders left out), in directory order. */
export function readZip(bytes: Uint8Array, limits: ZipLimits): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ZipEntry[] = [];
  for (const e of centralDirectory(buf, limits)) {
    if (e.name.endsWith('/')) continue;
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw new ZipError(`${e.name}: damaged entry`);
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const raw = buf.subarray(start, start + e.compressedSize);
    if (raw.length !== e.compressedSize) throw new ZipError(`${e.name}: the zip is truncated`);
    let data: Buffer;
    if (e.method === 0) data = Buffer.from(raw);
    else if (e.method === 8) {
      try {
        data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
      } catch {
        throw new ZipError(`${e.name}: cannot be decompressed`);
      }
    } else throw new ZipError(`${e.name}: compression method ${e.method} is not supported`);
    if (data.length !== e.size) throw new ZipError(`${e.name}: size does not match the directory`);
    if (zlib.crc32(data) !== e.crc) throw new ZipError(`${e.name}: CRC mismatch`);
    out.push({ name: e.name, data });
  }
  return out;
}

/** A zip of the entries, deflated (names UTF-8). */
export function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  // 1980-01-01 00:00, so that the same items give the same bytes.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = zlib.deflateRawSync(e.data);
    const crc = zlib.crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, data);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(dosTime, 12);
    dir.writeUInt16LE(dosDate, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(e.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += 30 + name.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}
