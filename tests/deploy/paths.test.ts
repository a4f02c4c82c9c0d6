/** `local verify --stack NAME` reads the outputs `deploy docker` wrote for NAME, and nothing once destroyed. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deployedOutputs, stateDir } from "../../cli/deploy/paths";

it("finds a live deployment's outputs by name, and none for another name", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-paths-"));
  try {
    expect(deployedOutputs("dev", root)).toBeUndefined();
    fs.mkdirSync(stateDir("dev", root), { recursive: true });
    fs.writeFileSync(path.join(stateDir("dev", root), "outputs.json"), '{"urls":{}}\n');
    expect(deployedOutputs("dev", root)).toBe('{"urls":{}}\n');
    expect(deployedOutputs("prod", root)).toBeUndefined();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
