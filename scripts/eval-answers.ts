// `npm run eval:answers`: measures Herald's answers against the labelled set in scripts/eval-answers/
// (knowledge.ts: 37 help-centre pages, 33 in English and 4 localised; questions.ts: 161 questions with the page
// that answers each, or null).
//
// Runs scripts/eval-answers/run.eval.ts inside workerd (vitest-pool-workers): it loads the pages into a real
// GuildActor's knowledge base and asks every question through the same retrieval the actor uses, offline
// (full-text) and with the fake model's embeddings. Prints, per mode: hit@1 and hit@3 of retrieval over the
// questions that have an answer, and precision and recall of "nothing relevant" over all of them, overall and
// per kind of question; then hit@1 of the standalone questions after 0, 1 and 5 earlier questions of the same
// member, and the benchmark's own questions (scripts/soak/corpus.ts) over the demo knowledge base likewise
// (relevance must not depend on how many questions came before). Exits 0 whatever the figures; 1 when the run
// itself fails.

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync('npx', ['vitest', 'run', '--config', 'scripts/eval-answers/vitest.config.ts', '--silent=false', '--reporter=dot'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
