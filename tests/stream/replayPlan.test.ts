import { kafka } from "../../contracts";
import { batchSizeFor, messageKey, naturalKey, pacingDelayMs, rawTopic } from "../../cli/stream/replayPlan";

test.each([
  ["clickstream", kafka.topics.clickstreamRaw.name],
  ["accesslog", kafka.topics.accesslogRaw.name],
] as const)("%s goes to its raw topic", (kind, topic) => expect(rawTopic(kind)).toBe(topic));

describe("keys", () => {
  const click = "2017-03-12 14:05:33.123456 [INFO] - USER_ID: 12, SESSION_ID: 345, EVENT_TYPE: add_to_cart, PRODUCT_ID: x, AMOUNT: N/A, OUTCOME: N/A";
  test.each([
    ["clickstream", click, "12/345"],
    ["clickstream", "2017-03-12 [WARN] - SESSION_ID: 9, EVENT_TYPE: x", "?/9"],
    ["clickstream", "not a click line", null],
    ["accesslog", '177.34.12.9 - - [12/Mar/2017:14:05:33 -0300] "GET / HTTP/1.1" 200 5', "177.34.12.9"],
    ["accesslog", 'in24.inetnebr.com - - [01/Aug/1995:00:00:01 -0400] "GET / HTTP/1.0" 200 1839', "in24.inetnebr.com"],
    ["accesslog", "", null],
    ["accesslog", "   ", null],
  ] as const)("%s %j -> %j", (kind, line, key) => expect(naturalKey(kind, line)).toBe(key));

  test("a line without a natural key is keyed by its line number, never null", () => {
    expect(messageKey("accesslog", "", 7)).toBe("line-7");
    expect(messageKey("clickstream", click, 7)).toBe("12/345");
  });
});

describe("pacing", () => {
  test.each([
    [100, undefined, 0, 0],
    [100, 100, 500, 500],
    [100, 100, 1000, 0],
    [100, 100, 1500, 0],
    [10, 1000, 0, 10],
  ])("%i sent at rate %s after %i ms waits %i ms", (sent, rate, elapsed, wait) => expect(pacingDelayMs(sent, rate, elapsed)).toBe(wait));

  test.each([
    [undefined, 500],
    [100, 10],
    [5, 1],
    [100_000, 500],
  ])("rate %s sends batches of %i", (rate, size) => expect(batchSizeFor(rate)).toBe(size));
});
