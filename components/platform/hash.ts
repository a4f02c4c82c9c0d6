/** Content hashing shared by artifacts, image build contexts and container labels. */
import { createHash } from "node:crypto";

/** Hex SHA-256 of the given parts, each length-prefixed so ("ab","c") and ("a","bc") differ. */
export function sha256(...parts: readonly (string | Buffer)[]): string {
  const h = createHash("sha256");
  for (const part of parts) {
    const buf = typeof part === "string" ? Buffer.from(part, "utf8") : part;
    h.update(`${buf.length}:`);
    h.update(buf);
  }
  return h.digest("hex");
}

/** The short form used in tags and labels (12 hex chars, like Docker short ids). */
export function shortHash(hex: string): string {
  return hex.slice(0, 12);
}
