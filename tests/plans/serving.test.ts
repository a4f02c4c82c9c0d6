import { hostForBindAddress, pbidsContent, powerBiConnection } from "../../plans/pbids";
import { kafkaBootstrap, uiUrls } from "../../plans/endpoints";

describe("serving", () => {
  it.each([
    ["127.0.0.1", "localhost"],
    ["0.0.0.0", "localhost"],
    ["10.0.0.5", "10.0.0.5"],
  ])("hostForBindAddress(%s) = %s", (bind, host) => expect(hostForBindAddress(bind)).toBe(host));

  it("builds the .pbids document without credentials", () => {
    const text = pbidsContent(powerBiConnection("localhost", 10004, "/cliservice", "gold"));
    expect(text).toBe(
      '{\n  "version": "0.1",\n  "connections": [\n    {\n      "details": {\n        "protocol": "spark",\n        "address": {\n          "server": "http://localhost:10004/cliservice"\n        }\n      },\n      "options": {\n        "protocol": "HTTP"\n      },\n      "mode": "DirectQuery"\n    }\n  ]\n}\n',
    );
    expect(text).not.toMatch(/password|user/i);
  });
  it.each([
    ["", 10004, 'Power BI host must be a host name or IP address, got ""'],
    ["a b", 10004, 'Power BI host must be a host name or IP address, got "a b"'],
    ["localhost", 0, "Power BI port must be 1-65535, got 0"],
  ])("rejects host %j port %i", (host, port, message) => expect(() => powerBiConnection(host, port, "cliservice", "gold")).toThrow(message));

  it.each([
    [{ streaming: false, observability: false }, ["airflow"]],
    [{ streaming: true, observability: false }, ["airflow", "nifi"]],
    [{ streaming: true, observability: true }, ["airflow", "grafana", "nifi"]],
  ])("uiUrls only for deployed parts %o", (parts, keys) => {
    const urls = uiUrls({ bindAddress: "127.0.0.1", ports: { airflow: 8080, nifi: 8443, grafana: 3000 }, parts });
    expect(Object.keys(urls).sort()).toEqual(keys);
    if (parts.streaming) expect(urls.nifi).toBe("https://localhost:8443/nifi");
  });
  it("gives a Kafka bootstrap only when streaming is deployed and published", () => {
    expect(kafkaBootstrap({ bindAddress: "10.1.1.1", ports: { kafka: 9094 }, parts: { streaming: true, observability: false } })).toBe("10.1.1.1:9094");
    expect(kafkaBootstrap({ bindAddress: "10.1.1.1", ports: { kafka: 9094 }, parts: { streaming: false, observability: false } })).toBeUndefined();
  });
});
