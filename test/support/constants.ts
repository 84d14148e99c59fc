// Values shared by the test config, globalSetup (Node) and the tests (workerd).

export const TEST_ADMIN_TOKEN = 'test-admin-token';

export const TEST_BOT = {
  token: 'sim-bot-token',
  applicationId: '100000000000000001',
  userId: '100000000000000001',
  username: 'Herald',
} as const;
