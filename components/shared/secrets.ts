/** Generated secrets: every password comes from @pulumi/random and stays a secret Output. */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/**
 * The one password generator: alphanumeric (safe inside URLs, JDBC strings, CQL literals and XML without escaping).
 * `mixed`: at least two upper-case letters, lower-case letters and digits each (NiFi, Elastic and Cassandra logins).
 */
export function randomPassword(name: string, parent: pulumi.Resource, opts: { length?: number; mixed?: boolean } = {}): random.RandomPassword {
  const mixed = opts.mixed ? { minUpper: 2, minLower: 2, minNumeric: 2 } : {};
  return new random.RandomPassword(name, { length: opts.length ?? 32, special: false, ...mixed }, { parent });
}

/** A generated password as a secret Output. */
export function generatedPassword(name: string, parent: pulumi.Resource, length = 32): pulumi.Output<string> {
  // The provider marks `result` secret in the engine; wrapping here also keeps it secret before that, e.g. in tests.
  return pulumi.secret(randomPassword(name, parent, { length }).result);
}

/** 32 random bytes as URL-safe base64: the format of an Airflow/Fernet key. */
export function fernetKey(name: string, parent: pulumi.Resource): pulumi.Output<string> {
  const bytes = new random.RandomBytes(name, { length: 32 }, { parent });
  return pulumi.secret(bytes.base64.apply((b) => b.replace(/\+/g, "-").replace(/\//g, "_")));
}
