// What answers members: the language model when OPENAI_API_KEY is set, else the offline answerer
// (contract §6). Both take the same request: the question, the retrieved passages, the member's recent
// turns and, with channel awareness, the channel's recent conversation.

import type { HeraldConfig } from '../config';
import type { ChannelLine, Turn } from '../guild/conversation-store';
import { composeOfflineAnswer, looksLikeQuestionOrRequest, wantsHuman, type Answer, type Passage } from './offline-answer';
import { ModelAnswerer } from './model-answerer';

export interface AnswerRequest {
  question: string;
  passages: Passage[];
  /** The member's earlier turns in this channel, oldest first (the current question not included). */
  history: Turn[];
  /** The channel's recent messages from everyone, or null without channel awareness. */
  channelContext: ChannelLine[] | null;
  /** The text the passages were found with (the earlier question with a follow-up); the question when absent. */
  searchedWith?: string;
}

export interface Answerer {
  readonly kind: 'offline' | 'model';
  /** Smart mode: is this message a question or request worth answering (not casual chat)? */
  shouldAnswer(text: string, channelContext: ChannelLine[] | null): Promise<boolean>;
  answer(request: AnswerRequest): Promise<Answer>;
  /** Does the member ask to talk to a person (escalation)? */
  wantsHuman(text: string): Promise<boolean>;
}

export const APOLOGY_TEXT = "Sorry, I couldn't come up with an answer just now. Please try again in a moment.";

export class OfflineAnswerer implements Answerer {
  readonly kind = 'offline' as const;

  async shouldAnswer(text: string): Promise<boolean> {
    return looksLikeQuestionOrRequest(text);
  }

  async wantsHuman(text: string): Promise<boolean> {
    return wantsHuman(text);
  }

  /** Retrieval already decided whether a follow-up may use the earlier question (src/retrieval/decide.ts). */
  async answer(request: AnswerRequest): Promise<Answer> {
    return composeOfflineAnswer(request.searchedWith ?? request.question, request.passages);
  }
}

export function createAnswerer(config: HeraldConfig): Answerer {
  return config.openaiApiKey
    ? new ModelAnswerer({ apiKey: config.openaiApiKey, baseUrl: config.openaiBaseUrl, model: config.aiModel })
    : new OfflineAnswerer();
}
