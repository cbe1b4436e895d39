/**
 * What every file → file command (`xueli kt|irt|recsys|retrieval|paths …`) shares: reading input,
 * line-by-line and CSV parsing, writing output atomically, and the one rule for user errors — a
 * `CliInputError` is printed as "error: …" (one line per problem), the exit code is 2, and nothing
 * is written.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A user error of a file → file command. Each command has its own subclass (KtCliError, …). */
export class CliInputError extends Error {}

/** Runs a command's action; a CliInputError prints "error: …" and sets exit code 2. */
export function guarded(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliInputError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}

/** A file's text (UTF-8), or a CliInputError naming the file and the reason. */
export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliInputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/**
 * Writes a file atomically: to a temporary file beside it, renamed over the target at the end.
 * `content` is the text, or a function writing to the open file descriptor (large outputs).
 */
export function writeAtomically(file: string, content: string | ((fd: number) => void)): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new CliInputError(`${file}: the folder ${dir} does not exist`);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'w');
    if (typeof content === 'string') fs.writeSync(fd, content);
    else content(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code) throw new CliInputError(`${file}: cannot write (${code})`);
    throw e;
  }
}

/** Calls fn(line without its line break, 1-based line number) for every line of the text (a BOM is skipped). */
export function forEachLine(text: string, fn: (line: string, lineNo: number) => void): void {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    lineNo++;
    fn(text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end), lineNo);
    pos = end + 1;
  }
}

/** Splits one CSV line into fields (RFC 4180 quoting: "a,b" and "" for a quote); null when malformed. */
export function splitCsvLine(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const j = line.indexOf('"', i);
        if (j < 0) return null;
        v += line.slice(i, j);
        if (line[j + 1] === '"') {
          v += '"';
          i = j + 2;
          continue;
        }
        i = j + 1;
        break;
      }
      out.push(v);
      if (i === line.length) return out;
      if (line[i] !== ',') return null;
      i++;
    } else {
      const j = line.indexOf(',', i);
      const v = j < 0 ? line.slice(i) : line.slice(i, j);
      if (v.includes('"')) return null;
      out.push(v);
      if (j < 0) return out;
      i = j + 1;
    }
  }
}

/** One CSV field, quoted when it must be. */
export const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
