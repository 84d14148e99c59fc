// Values shared by the test config, globalSetup (Node) and the tests (workerd).

export const TEST_ADMIN_TOKEN = 'test-admin-token';

export const TEST_BOT = {
  token: 'sim-bot-token',
  applicationId: '100000000000000001',
  userId: '100000000000000001',
  username: 'Herald',
} as const;

/** A second application in the simulator, used as a guild's custom bot (contract §4 customBot). */
export const CUSTOM_BOT = {
  token: 'sim-custom-bot-token',
  applicationId: '100000000000000777',
  userId: '100000000000000777',
  username: 'Acme Helper',
} as const;

/** The key the workers-model project gives Herald; the fake model server requires it. */
export const TEST_OPENAI_KEY = 'test-openai-key';

/** SESSION_SECRET of the test worker: signs dashboard sessions and sign-in state. */
export const TEST_SESSION_SECRET = 'test-session-secret-of-at-least-32-characters';
/** The sender the escalation e-mail goes out from in tests (ESCALATION_EMAIL_FROM). */
export const TEST_ESCALATION_FROM = 'herald@escalations.test';
