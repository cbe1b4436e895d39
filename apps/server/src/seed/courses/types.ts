/** The shape of a demo course as written in `seed/courses/*.ts`, before it has database ids. */

export type ResourceSeed =
  | { kind: 'markdown'; title: string; body: string }
  | { kind: 'video' | 'link'; title: string; url: string };

export interface ModuleSeed {
  title: string;
  titleEn: string;
  description: string;
  /** Expected study time, minutes. */
  estimatedMinutes: number;
  /** In display order; the first is always a Markdown reading. */
  resources: readonly ResourceSeed[];
}

export interface CourseSeed {
  title: string;
  titleEn: string;
  description: string;
  category: string;
  tags: readonly string[];
  modules: readonly ModuleSeed[];
}

/** Internal-looking hosts for video and link resources (the .example TLD never resolves). */
export const MEDIA = 'https://media.demobank.example/training';
export const WIKI = 'https://wiki.demobank.example';
