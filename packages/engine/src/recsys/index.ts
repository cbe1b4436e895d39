/** Recommendations (issue 5): implicit-feedback item models, evaluation, the product's recommender. */
export * from './data.ts';
export * from './linalg.ts';
export * from './models.ts';
export * from './evaluate.ts';
export * from './recommender.ts';
