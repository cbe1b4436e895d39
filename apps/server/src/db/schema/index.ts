export * from './auth.ts';
export * from './org.ts';
export * from './catalog.ts';
export * from './skills.ts';
export * from './jobs.ts';
export * from './items.ts';
export * from './exams.ts';
export * from './ai.ts';
