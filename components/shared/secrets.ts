/** Generated secrets: every password comes from @pulumi/random and stays a secret Output. */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/** Alphanumeric password (safe inside URLs, JDBC strings and XML without escaping). */
export function generatedPassword(name: string, parent: pulumi.Resource, length = 32): pulumi.Output<string> {
  // The provider marks `result` secret in the engine; wrapping here also keeps it secret before that, e.g. in tests.
  return pulumi.secret(new random.RandomPassword(name, { length, special: false }, { parent }).result);
}

/** 32 random bytes as URL-safe base64: the format of an Airflow/Fernet key. */
export function fernetKey(name: string, parent: pulumi.Resource): pulumi.Output<string> {
  const bytes = new random.RandomBytes(name, { length: 32 }, { parent });
  return pulumi.secret(bytes.base64.apply((b) => b.replace(/\+/g, "-").replace(/\//g, "_")));
}
