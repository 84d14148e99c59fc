// Every outbound call to the language model (and the escalation webhook) has a timeout, so a hung server
// never holds a member's conversation (and its inbox slot) for long. Documented in README "Limits".

export interface ModelTimeouts {
  /** An answer to a member's question (the longest: it writes the most). */
  answer: number;
  /** Smart mode's "should Herald answer this?" classifier. */
  classifier: number;
  /** "Does the member ask for a person?" */
  wantsHuman: number;
  /** The moderation judge. */
  judge: number;
  /** A proactive post's composition. */
  proactive: number;
}

export const MODEL_TIMEOUTS_MS: Readonly<ModelTimeouts> = Object.freeze({
  answer: 25_000,
  classifier: 10_000,
  wantsHuman: 10_000,
  judge: 15_000,
  proactive: 30_000,
});

/** The POST to ESCALATION_WEBHOOK_URL. */
export const ESCALATION_WEBHOOK_TIMEOUT_MS = 10_000;
