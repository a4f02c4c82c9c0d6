/**
 * Filebeat's path matching, as its filestream input documents it: each `paths` entry is a Go `filepath.Glob`
 * pattern (`*` and `?` never cross a `/`), and `**` (recursive_glob, on by default) stands for up to 8 directory
 * levels. Filebeat itself is not installable here, so tests match log paths with this.
 */
const MAX_DEPTH = 8;

function globRegex(pattern: string): RegExp {
  const body = pattern
    .split("")
    .map((c) => (c === "*" ? "[^/]*" : c === "?" ? "[^/]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}

/** The Go globs Filebeat expands one `paths` entry into. */
export function expandFilebeatGlob(pattern: string): string[] {
  const i = pattern.indexOf("**");
  if (i < 0) return [pattern];
  const [head, tail] = [pattern.slice(0, i), pattern.slice(i + 2).replace(/^\//, "")];
  return Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => `${head}${"*/".repeat(depth)}${tail}`);
}

export function filebeatMatches(pattern: string, file: string): boolean {
  return expandFilebeatGlob(pattern).some((g) => globRegex(g).test(file));
}
