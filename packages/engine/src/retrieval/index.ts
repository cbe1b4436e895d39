/** Lexical retrieval (issue 6): analysis, multi-field BM25 index, re-ranking, fusion, the product's retriever. */
export * from './analyze.ts';
export * from './topk.ts';
export * from './lexical-index.ts';
export * from './rerank.ts';
export * from './fusion.ts';
export * from './retriever.ts';
export * from './evaluate.ts';
export * from './chunk.ts';
export * from './order.ts';
