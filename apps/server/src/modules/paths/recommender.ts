/** The engine's recommender the product serves (the model chosen in ADR 0011). */
import { fitEase, type ItemModel, type UserItems } from '@xueli/engine';

export const RECOMMENDER_NAME = 'ease';
export const fitCourseRecommender = (m: UserItems): ItemModel => fitEase(m, { lambda: 10 });
