/**
 * Reads the UTF-8 constants and the superclass of a Java class file. NiFi declares property and relationship
 * names as string literals (`.name("Directory")`, `.name("failure")`), so a name missing from the constants of a
 * class and its superclasses is not one of its properties or relationships.
 */
const MAGIC = 0xcafebabe;
const UTF8 = 1;
const CLASS = 7;

/** Size in bytes of each constant-pool entry body by tag (UTF-8 is variable, handled apart). */
const FIXED_SIZE: Record<number, number> = { 3: 4, 4: 4, 5: 8, 6: 8, 7: 2, 8: 2, 9: 4, 10: 4, 11: 4, 12: 4, 15: 3, 16: 2, 17: 4, 18: 4, 19: 2, 20: 2 };

export interface ClassInfo {
  readonly constants: string[];
  /** Internal name (a/b/C) of the superclass; null for java/lang/Object. */
  readonly superName: string | null;
}

export function readClass(bytes: Buffer): ClassInfo {
  if (bytes.readUInt32BE(0) !== MAGIC) throw new Error("not a Java class file");
  const count = bytes.readUInt16BE(8);
  const utf8 = new Map<number, string>();
  const classNameIndex = new Map<number, number>();
  let p = 10;
  for (let i = 1; i < count; i++) {
    const tag = bytes[p];
    if (tag === UTF8) {
      const len = bytes.readUInt16BE(p + 1);
      utf8.set(i, bytes.toString("utf8", p + 3, p + 3 + len));
      p += 3 + len;
      continue;
    }
    const size = FIXED_SIZE[tag];
    if (size === undefined) throw new Error(`unknown constant-pool tag ${tag} at entry ${i}`);
    if (tag === CLASS) classNameIndex.set(i, bytes.readUInt16BE(p + 1));
    p += 1 + size;
    if (tag === 5 || tag === 6) i++; // long and double take two slots
  }
  const superIndex = bytes.readUInt16BE(p + 4);
  const superName = superIndex === 0 ? null : (utf8.get(classNameIndex.get(superIndex) ?? -1) ?? null);
  return { constants: [...utf8.values()], superName };
}
