/**
 * A minimal ustar writer for the archives the Engine API takes (`PUT /containers/{id}/archive`): regular files only,
 * each with its mode and owner, as the Docker provider uploads `uploads` entries.
 */

export interface TarFile {
  /** Path inside the archive; the provider writes the container path as given (absolute paths are extracted at /). */
  readonly path: string;
  readonly content: Buffer;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

function header(file: TarFile, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  let name = file.path.replace(/^\/+/, "");
  let prefix = "";
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", 154);
    if (cut < 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`tar: path too long: ${file.path}`);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  h.write(name, 0, 100, "utf8");
  h.write(octal(file.mode & 0o7777, 8), 100, "ascii");
  h.write(octal(file.uid, 8), 108, "ascii");
  h.write(octal(file.gid, 8), 116, "ascii");
  h.write(octal(file.content.length, 12), 124, "ascii");
  h.write(octal(mtime, 12), 136, "ascii");
  h.write("        ", 148, "ascii"); // checksum field counts as spaces while summing
  h.write("0", 156, "ascii"); // regular file
  h.write("ustar\u000000", 257, "ascii");
  h.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "ascii");
  return h;
}

/** The archive of `files`, in order, ending with the two zero blocks. */
export function tarArchive(files: readonly TarFile[], mtime = Math.floor(Date.now() / 1000)): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(header(f, mtime), f.content);
    const pad = (BLOCK - (f.content.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}
