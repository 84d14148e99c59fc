// A Vite plugin for the workers projects: pre-bundled packages are sent to each test file's workerd without
// their source maps.
//
// Every file runs in a fresh workerd, which is sent every module it imports with its source map inlined. The
// pre-bundled packages' maps (ai, zod, discord-api-types: 3.4 MB) were almost half of the ~9 MB each file was
// sent, serialised by the one Node process that also serves the simulators; they only map into library code.
// Our own modules keep their maps, so a failing test still points at our lines.

import type { Plugin } from 'vitest/config';

export function noDepSourceMaps(): Plugin {
  return {
    name: 'herald:no-dep-source-maps',
    enforce: 'post',
    transform(code, id) {
      // An empty `mappings` drops the map (Rollup's convention); `null` would keep the previous one.
      if (id.includes('/node_modules/.vite/') && id.includes('/deps_ssr/')) return { code, map: { mappings: '' } };
      return undefined;
    },
  };
}
