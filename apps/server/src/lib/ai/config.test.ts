import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';

const errorOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('AI provider configuration', () => {
  it('is offline by default (and when the base URL is empty)', () => {
    expect(loadConfig({}).ai).toBeNull();
    expect(loadConfig({ XUELI_AI_BASE_URL: '', XUELI_AI_CHAT_MODEL: '' }).ai).toBeNull();
  });

  it('reads the provider with its defaults', () => {
    expect(loadConfig({ XUELI_AI_BASE_URL: 'https://llm.example.com/v1/', XUELI_AI_CHAT_MODEL: 'qwen2.5:14b' }).ai).toEqual({
      baseUrl: 'https://llm.example.com/v1',
      apiKey: null,
      chatModel: 'qwen2.5:14b',
      embeddingModel: null,
      timeoutMs: 20_000,
      gradeMinConfidence: 0.8,
    });
    expect(loadConfig({ XUELI_AI_BASE_URL: 'http://10.0.0.5:8000/v1', XUELI_AI_CHAT_MODEL: 'm', XUELI_AI_API_KEY: 'k', XUELI_AI_TIMEOUT_MS: '5000', XUELI_AI_GRADE_MIN_CONFIDENCE: '0.9' }).ai).toMatchObject({
      apiKey: 'k',
      timeoutMs: 5000,
      gradeMinConfidence: 0.9,
    });
    expect(loadConfig({ XUELI_AI_GRADE_MIN_CONFIDENCE: '0.7' }).aiGradeMinConfidence).toBe(0.7);
    expect(loadConfig({ XUELI_AI_BASE_URL: 'http://x/v1', XUELI_AI_CHAT_MODEL: 'm', XUELI_AI_EMBEDDING_MODEL: 'e' }).ai?.embeddingModel).toBe('e');
  });

  it('names each bad AI variable in a readable error', () => {
    expect(errorOf({ XUELI_AI_BASE_URL: 'ftp://llm.example.com', XUELI_AI_CHAT_MODEL: 'm' })).toMatch(/XUELI_AI_BASE_URL: must be an http:\/\/ or https:\/\/ URL/);
    expect(errorOf({ XUELI_AI_BASE_URL: 'https://llm.example.com/v1' })).toMatch(/XUELI_AI_CHAT_MODEL: required when XUELI_AI_BASE_URL is set/);
    const many = errorOf({ XUELI_AI_TIMEOUT_MS: 'soon', XUELI_AI_GRADE_MIN_CONFIDENCE: '1.5' });
    expect(many).toMatch(/XUELI_AI_TIMEOUT_MS/);
    expect(many).toMatch(/XUELI_AI_GRADE_MIN_CONFIDENCE/);
  });
});
