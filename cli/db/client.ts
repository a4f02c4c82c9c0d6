/** One PostgreSQL connection for the duration of `fn`, always closed afterwards. */
import { Client, ClientConfig } from "pg";

export async function withClient<T>(config: ClientConfig, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client(config);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
