// A proactive post written by the language model from the topics and knowledge passages, with the
// composition timeout (MODEL_TIMEOUTS_MS.proactive). Null when the model has nothing fresh to say.

import type { Passage } from '../answer/offline-answer';
import { aiSdk } from '../answer/ai-sdk';
import { chatModel, type ModelOptions } from '../answer/model-answerer';
import { isRepeat, MAX_POST_CHARS, neutraliseMassMentions, proactivePrompt, PROACTIVE_SKIP } from './compose';

export async function composeModelPost(options: ModelOptions, input: { topics: string[]; passages: Passage[]; recent: string[] }): Promise<string | null> {
  const { model, timeouts } = chatModel(options);
  const { system, prompt } = proactivePrompt(input);
  const { generateText } = await aiSdk();
  const { text } = await generateText({ model: await model, system, prompt, abortSignal: AbortSignal.timeout(timeouts.proactive), maxRetries: 1 });
  const post = neutraliseMassMentions(text.trim()).slice(0, MAX_POST_CHARS);
  // A model that has nothing to say ("SKIP", "I don't know") or repeats itself leaves the post to the offline rotation.
  if (post && post !== PROACTIVE_SKIP && !/^i don'?t know\b/i.test(post) && !isRepeat(post, input.recent)) return post;
  return null;
}
