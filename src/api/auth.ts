// Bearer authentication of the admin API. The operator's ADMIN_TOKEN opens every route of every guild;
// with no ADMIN_TOKEN configured every /api route answers 401.

export type Principal = { kind: 'operator' };

export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** Compares in time independent of where the strings differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let diff = left.length ^ right.length;
  for (let i = 0; i < Math.max(left.length, right.length); i++) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}

export function authenticateOperator(request: Request, adminToken: string | null): Principal | null {
  const token = bearerToken(request);
  if (!adminToken || !token) return null;
  return constantTimeEqual(token, adminToken) ? { kind: 'operator' } : null;
}
