// Values globalSetup provides to the tests (see test/support/global-setup.ts).
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    simulatorUrl: string;
    simulatorApiBase: string;
    /** Hex Ed25519 key the simulator signs the shared bot's interactions with (its verify_key). */
    simulatorPublicKey: string;
    /** The custom bot application's own key: each simulated application signs with its own. */
    simulatorCustomBotPublicKey: string;
    /** http://127.0.0.1:PORT/v1 of the fake OpenAI-compatible server (control routes at /_fake/*). */
    fakeOpenAIUrl: string;
    /** http://127.0.0.1:PORT of the collector (test/support/collector.ts): escalation webhooks and e-mails. */
    collectorUrl: string;
    /** http://127.0.0.1:PORT of the websites' control server (test/support/website.ts): sites for web sources. */
    websitesUrl: string;
  }
}
