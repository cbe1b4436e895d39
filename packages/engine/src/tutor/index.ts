/** The AI tutor's pure parts (issue 6 §3, ADR 0018): the offline answer, the grounded prompt, citations. */
export * from './extractive.ts';
export * from './prompt.ts';
