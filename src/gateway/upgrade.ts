// The gateway's WebSocket upgrade with a deadline, so a connection attempt always settles.

/**
 * The gateway's WebSocket upgrade, aborted after `timeoutMs`: a hung upgrade must not leave the shard stuck
 * in `connecting` (the race settles even if the runtime ignores the abort for an upgrade).
 */
export async function upgradeWithTimeout(url: string, timeoutMs: number, fetcher: typeof fetch = (input, init) => fetch(input, init)): Promise<Response> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`gateway upgrade took longer than ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([fetcher(url, { headers: { Upgrade: 'websocket' }, signal: controller.signal }), timeout]);
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
}
