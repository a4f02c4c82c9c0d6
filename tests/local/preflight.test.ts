import * as net from "net";
import { checkJava, checkPortFree, parseJavaMajor, waitForPort } from "../../cli/local/preflight";

describe("preflight", () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "25" 2025-09-16', 25],
    ['java version "1.8.0_392"', 8],
    ["no version here", undefined],
  ])("reads the Java major version from %j", (text, major) => {
    expect(parseJavaMajor(text)).toBe(major);
  });

  it("names the busy port and what it was for", async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      await expect(checkPortFree(port, "Spark Thrift Server")).rejects.toThrow(`port ${port} (Spark Thrift Server) is already in use`);
      await expect(waitForPort(port, 2000)).resolves.toBeUndefined();
    } finally {
      await new Promise((r) => server.close(r));
    }
    await expect(checkPortFree(port, "x")).resolves.toBeUndefined();
    await expect(waitForPort(port, 1200)).rejects.toThrow(`nothing listens on 127.0.0.1:${port}`);
  });
});

describe("checkJava", () => {
  it("reads the version Java prints on stderr", () => {
    expect(checkJava(8)).toBeGreaterThanOrEqual(17);
  });
  it("names the required version when the installed one is older", () => {
    expect(() => checkJava(99)).toThrow(/Java 99\+ is required, found: .*version/);
  });
});
