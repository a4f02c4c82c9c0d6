import { expandFilebeatGlob, filebeatMatches } from "./filebeat-glob";

it.each([
  ["/l/spark/*.log", "/l/spark/spark-master.log", true],
  ["/l/spark/*.log", "/l/spark/sub/x.log", false],
  ["/l/spark/*.log", "/l/streaming/x.log", false],
  ["/l/a/**/*.log", "/l/a/x.log", true],
  ["/l/a/**/*.log", "/l/a/dag_id=d/run_id=r/task_id=t/attempt=1.log", true],
  ["/l/a/**/*.log", "/l/a/1/2/3/4/5/6/7/8/9/x.log", false],
  ["/l/a/**/*.log", "/l/a/x.log.1", false],
  ["/l/a/?.log", "/l/a/ab.log", false],
])("%s matches %s: %s", (glob, file, expected) => expect(filebeatMatches(glob, file)).toBe(expected));

it("expands ** into at most 8 directory levels, as Filebeat's recursive glob does", () => {
  expect(expandFilebeatGlob("/a/**/*.log")).toHaveLength(9);
  expect(expandFilebeatGlob("/a/*.log")).toEqual(["/a/*.log"]);
});
