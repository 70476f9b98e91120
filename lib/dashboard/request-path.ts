/**
 * The path of a request as decoded segments, or null when it tries to leave the served folder: a
 * `..` or `.` segment (raw or percent-encoded), an encoded slash or backslash, a NUL, an empty
 * segment (`//etc/passwd`). Such requests are refused outright, before any file name is built.
 */
export function pathSegments(rawUrl: string): string[] | null {
  const path = rawUrl.split(/[?#]/, 1)[0];
  if (!path.startsWith('/') || path.includes('\\') || path.includes('\0')) return null;
  if (path === '/') return [];
  const segments: string[] = [];
  for (const raw of path.slice(1).split('/')) {
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (s === '' || s === '.' || s === '..' || /[/\\\0]/.test(s)) return null;
    segments.push(s);
  }
  return segments;
}
