// The `ai` SDK, loaded on first use. Offline (no OPENAI_API_KEY) nothing asks for it, so it and its OpenAI
// provider (≈ 1.6 MB of modules) are never loaded: not by an offline actor, nor by each integration test file.
// Only types are imported statically from them anywhere in src/.

export const aiSdk = (): Promise<typeof import('ai')> => import('ai');

export const openAIProviderModule = (): Promise<typeof import('@ai-sdk/openai')> => import('@ai-sdk/openai');
