/** The cassandra.yaml rewrite that switches authentication on, run with python3 on both YAML forms Cassandra accepts. */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { load } from "js-yaml";
import { ENABLE_AUTH_PY } from "../../components/streaming/cassandra";

const AUTH = {
  authenticator: { class_name: "org.apache.cassandra.auth.PasswordAuthenticator" },
  authorizer: { class_name: "org.apache.cassandra.auth.CassandraAuthorizer" },
  role_manager: { class_name: "org.apache.cassandra.auth.CassandraRoleManager" },
};

function rewrite(yaml: string): Record<string, unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cass-yaml-"));
  try {
    const file = path.join(dir, "cassandra.yaml");
    fs.writeFileSync(file, yaml);
    execFileSync("python3", ["-", file], { input: ENABLE_AUTH_PY });
    return load(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

it.each([
  [
    "5.0 parameterized blocks with commented alternatives",
    [
      "cluster_name: 'Test Cluster'",
      "# Authentication backend",
      "authenticator:",
      "  class_name : org.apache.cassandra.auth.AllowAllAuthenticator",
      "# MutualTlsAuthenticator can be configured using the following configuration.",
      "#  class_name : org.apache.cassandra.auth.MutualTlsAuthenticator",
      "#  parameters :",
      "#    validator_class_name: org.apache.cassandra.auth.SpiffeCertificateValidator",
      "",
      "authorizer:",
      "  class_name: AllowAllAuthorizer",
      "",
      "role_manager:",
      "  class_name: CassandraRoleManager",
      "num_tokens: 16",
      "",
    ].join("\n"),
  ],
  [
    "4.x one-line values",
    ["cluster_name: 'Test Cluster'", "authenticator: AllowAllAuthenticator", "authorizer: AllowAllAuthorizer", "role_manager: CassandraRoleManager", "num_tokens: 16", ""].join("\n"),
  ],
])("switches on password auth in %s and keeps every other setting", (_form, yaml) => {
  expect(rewrite(yaml)).toEqual({ cluster_name: "Test Cluster", num_tokens: 16, ...AUTH });
});
