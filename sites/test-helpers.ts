/** Helpers for the sites' own tests (not part of the public surface). */

export async function get(url: string, init?: RequestInit): Promise<{ status: number; text: string; headers: Headers; bytes: Buffer }> {
  const response = await fetch(url, init);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, text: bytes.toString('utf8'), headers: response.headers, bytes };
}

/** All captures of group 1 of `pattern` (global) in `text`. */
export function all(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1] ?? '');
}
