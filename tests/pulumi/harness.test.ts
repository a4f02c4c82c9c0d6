/** The leak scanner itself: it must flag an unmarked secret and accept a marked one (so the program tests can fail). */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { MockHarness } from "./harness";

const h = new MockHarness();

/** A minimal custom resource (CustomResource itself is abstract). */
class Probe extends pulumi.CustomResource {
  constructor(type: string, name: string, props: pulumi.Inputs) {
    super(type, name, props);
  }
}

beforeAll(async () => {
  await h.install();
  const pw = new random.RandomPassword("pw", { length: 16 });
  new Probe("test:index:Leaky", "leaky", { env: [pw.result.apply((p) => `PASSWORD=${p}`)] });
  new Probe("test:index:Safe", "safe", { env: [pulumi.secret(pw.result).apply((p) => `PASSWORD=${p}`)] });
  await h.settle();
});

it("flags a generated secret that reaches an input unmarked", () => {
  expect(h.plaintextSecretLeaks()).toEqual(["test:index:Leaky leaky.env[0]"]);
});
