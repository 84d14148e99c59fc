// Values globalSetup provides to the tests (see test/support/global-setup.ts).
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    simulatorUrl: string;
    simulatorApiBase: string;
  }
}
