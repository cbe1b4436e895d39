/** What every reader produces: the document as blocks (a paragraph with the headings above it). */
import type { TextBlock } from '@xueli/engine';
import type { KbFormat } from '../../../db/schema/index.ts';
import { DomainError } from '../../../lib/errors.ts';

export type { TextBlock };

export interface ParsedDocument {
  format: KbFormat;
  blocks: TextBlock[];
  /** A title the file itself gives (HTML <title>, the first top-level heading), when any. */
  title: string | null;
}

/** A file that cannot be read: a 400 with a message a trainer can act on. */
export const unreadable = (message: string, details: Record<string, unknown> = {}) => new DomainError('validation', message, details);

/** Collapses runs of spaces and tabs; keeps line breaks. */
export const tidy = (s: string) =>
  s
    .replace(/[ \t\f\v\u00a0\u3000]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();

/**
 * Keeps track of the heading path while a reader walks a document: `heading(level, text)` replaces
 * the heading at `level` (1-based) and drops the deeper ones.
 */
export class HeadingTrail {
  private readonly levels: (string | undefined)[] = [];
  heading(level: number, text: string): void {
    this.levels.length = Math.max(0, level - 1);
    this.levels[level - 1] = text;
  }
  get path(): string[] {
    return this.levels.filter((h): h is string => h !== undefined && h !== '');
  }
}
