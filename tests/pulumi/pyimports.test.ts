import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { importedModules, moduleClosure } from "../../components/platform/pyimports";

describe("importedModules", () => {
  it.each([
    ["from pkg.a import b", ["pkg.a", "pkg.a.b"]],
    ["from pkg.a import (\n    b,\n    c as d,  # why\n)", ["pkg.a", "pkg.a.b", "pkg.a.c"]],
    ["def f():\n    from pkg import x\n", ["pkg", "pkg.x"]],
    ["import pkg.a.b, os", ["pkg.a.b"]],
    ["import pkg.a as alias", ["pkg.a"]],
    ["from other.pkg import x\nimport os", []],
  ])("%j", (source, expected) => expect(importedModules(source, "pkg")).toEqual(expected));
});

describe("moduleClosure", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pyimports-"));
  const files: Record<string, string> = {
    "__init__.py": "",
    "a/__init__.py": "",
    "a/entry.py": "from pkg.common import util\nfrom pkg.a.helper import CONSTANT\n",
    "a/helper.py": "CONSTANT = 1\n",
    "b/__init__.py": "",
    "b/entry.py": "import pkg.b.deep\n",
    "b/deep.py": "def f():\n    from pkg.common import util\n",
    "common/__init__.py": "",
    "common/util.py": "",
    "unused.py": "",
  };
  beforeAll(() => {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it.each([
    [["pkg.a.entry"], ["__init__.py", "a/__init__.py", "a/entry.py", "a/helper.py", "common/__init__.py", "common/util.py"]],
    [["pkg.b.entry"], ["__init__.py", "b/__init__.py", "b/deep.py", "b/entry.py", "common/__init__.py", "common/util.py"]],
  ])("%j needs exactly %j", (entries, expected) => expect(moduleClosure(root, "pkg", entries)).toEqual(expected));

  it("names an entry module that has no file", () => {
    expect(() => moduleClosure(root, "pkg", ["pkg.nope"])).toThrow(`entry module pkg.nope has no file under ${root}`);
  });
});
