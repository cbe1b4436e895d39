/**
 * Base64 for typed arrays (little-endian bytes), so that an index serialises to compact JSON
 * without Node's Buffer (the engine runs in browsers too).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkEndianness(): void {
  if (!littleEndian) throw new Error('index serialisation needs a little-endian platform');
}

/** Encodes bytes as base64 (with padding). */
export function bytesToBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(4 * Math.ceil(n / 3));
  const codes = new Uint8Array(64);
  for (let i = 0; i < 64; i++) codes[i] = ALPHABET.charCodeAt(i);
  let o = 0;
  for (let i = 0; i < n; i += 3) {
    const a = bytes[i]!,
      b = i + 1 < n ? bytes[i + 1]! : 0,
      c = i + 2 < n ? bytes[i + 2]! : 0;
    const t = (a << 16) | (b << 8) | c;
    out[o++] = codes[(t >> 18) & 63]!;
    out[o++] = codes[(t >> 12) & 63]!;
    out[o++] = i + 1 < n ? codes[(t >> 6) & 63]! : 61; // '='
    out[o++] = i + 2 < n ? codes[t & 63]! : 61;
  }
  const parts: string[] = [];
  for (let i = 0; i < out.length; i += 8192) parts.push(String.fromCharCode(...out.subarray(i, i + 8192)));
  return parts.join('');
}

/** Decodes base64 (padding optional); throws on a character outside the alphabet. */
export function base64ToBytes(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text[end - 1] === '=') end--;
  const out = new Uint8Array(Math.floor((end * 6) / 8));
  let acc = 0,
    bits = 0,
    o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c]! : -1;
    if (v < 0) throw new Error(`invalid base64 at character ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** Encodes a typed array's bytes (little-endian) as base64. */
export function typedToBase64(a: Typed): string {
  checkEndianness();
  return bytesToBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/** Decodes base64 into a typed array of the given kind. */
export function base64ToTyped<T extends Typed>(text: string, make: (buffer: ArrayBuffer, length: number) => T, bytesPer: number): T {
  checkEndianness();
  const bytes = base64ToBytes(text);
  if (bytes.length % bytesPer !== 0) throw new Error('base64 payload does not fit the array type');
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return make(copy, bytes.length / bytesPer);
}

export const decodeU32 = (s: string) => base64ToTyped(s, (b, n) => new Uint32Array(b, 0, n), 4);
export const decodeU16 = (s: string) => base64ToTyped(s, (b, n) => new Uint16Array(b, 0, n), 2);
