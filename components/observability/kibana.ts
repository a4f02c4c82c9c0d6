/**
 * Kibana saved objects as code: the data view over the log indices Logstash writes, three visualizations (errors by
 * job, failed Airflow tasks by DAG, run durations per job) and the "Lakehouse logs" dashboard that shows them, rendered as the NDJSON
 * Kibana's saved-objects import API reads (imported with overwrite by the kibana-setup job). Every field comes from
 * `contracts/logs.json` as Logstash places it (`<target>.<field>`); strings are queried through the `.keyword`
 * sub-field Elasticsearch's dynamic mapping adds.
 */
import { logs, type LogFieldKey } from "../../contracts";
import { LOG_INDEX_PREFIX } from "./logLayout";

export const DATA_VIEW_ID = "lakehouse-logs";
export const DASHBOARD_ID = "lakehouse-logs-overview";

/** A contract field as Kibana sees it in the log documents (`lakehouse.run_id`). */
export const kibanaField = (key: LogFieldKey) => `${logs.logstash.target}.${logs.fields[key]}`;
const keyword = (key: LogFieldKey) => `${kibanaField(key)}.keyword`;
const kql = (key: LogFieldKey, values: readonly string[]) => `${kibanaField(key)}:(${values.map((v) => `"${v}"`).join(" or ")})`;

interface SavedObject {
  readonly type: string;
  readonly id: string;
  readonly attributes: Record<string, unknown>;
  readonly references: readonly { name: string; type: string; id: string }[];
}

const INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index";

function searchSource(query: string): string {
  return JSON.stringify({ query: { query, language: "kuery" }, filter: [], indexRefName: INDEX_REF });
}

const terms = (id: string, schema: string, field: string, size = 20) => ({ id, enabled: true, type: "terms", schema, params: { field, size, order: "desc", orderBy: "1" } });
const overTime = (id: string) => ({ id, enabled: true, type: "date_histogram", schema: "segment", params: { field: "@timestamp", interval: "auto", min_doc_count: 1 } });

/** An aggregation-based visualization over the data view, filtered by a KQL query. */
function visualization(id: string, title: string, type: string, query: string, aggs: readonly object[], params: object): SavedObject {
  return {
    type: "visualization",
    id,
    attributes: {
      title,
      description: "",
      uiStateJSON: "{}",
      version: 1,
      visState: JSON.stringify({ title, type, aggs, params }),
      kibanaSavedObjectMeta: { searchSourceJSON: searchSource(query) },
    },
    references: [{ name: INDEX_REF, type: "index-pattern", id: DATA_VIEW_ID }],
  };
}

const ERROR_LEVELS = logs.levels.filter((l) => l === "ERROR" || l === "CRITICAL");

/** Every saved object, in import order (the data view before what references it). */
export function kibanaSavedObjects(): SavedObject[] {
  const dataView: SavedObject = {
    type: "index-pattern",
    id: DATA_VIEW_ID,
    attributes: { title: `${LOG_INDEX_PREFIX}*`, name: "Lakehouse logs", timeFieldName: "@timestamp" },
    references: [],
  };
  // A terms bucket drops documents without the field: jobs' errors name a job, Airflow's alerts a DAG, so one each.
  const errorsOver = (id: string, title: string, query: string, by: LogFieldKey) =>
    visualization(
      id,
      title,
      "histogram",
      query,
      [{ id: "1", enabled: true, type: "count", schema: "metric", params: {} }, overTime("2"), terms("3", "group", keyword(by))],
      { type: "histogram", addLegend: true, legendPosition: "right", addTooltip: true },
    );
  const errorsByJob = errorsOver("lakehouse-errors-by-job", "Errors by job", kql("level", ERROR_LEVELS), "job");
  const failedTasks = errorsOver("lakehouse-failed-tasks-by-dag", "Failed Airflow tasks by DAG", kql("event", [logs.events.taskFailed]), "dag");
  const runDurations = visualization(
    "lakehouse-run-durations",
    "Run durations per job (seconds)",
    "table",
    `${kql("event", [logs.events.runFinished])}`,
    [
      { id: "1", enabled: true, type: "max", schema: "metric", params: { field: kibanaField("durationSeconds") } },
      { id: "2", enabled: true, type: "avg", schema: "metric", params: { field: kibanaField("durationSeconds") } },
      { id: "5", enabled: true, type: "count", schema: "metric", params: {} },
      terms("3", "bucket", keyword("job")),
      terms("4", "bucket", keyword("status"), 5),
    ],
    { perPage: 20, showPartialRows: false, showMetricsAtAllLevels: false, showTotal: false },
  );
  const shown = [errorsByJob, failedTasks, runDurations];
  const panels = shown.map((_, i) => ({
    panelIndex: String(i + 1),
    gridData: { x: 0, y: i * 15, w: 48, h: 15, i: String(i + 1) },
    version: "8.0.0",
    panelRefName: `panel_${i}`,
    embeddableConfig: {},
  }));
  const dashboard: SavedObject = {
    type: "dashboard",
    id: DASHBOARD_ID,
    attributes: {
      title: "Lakehouse logs",
      description: "Errors by job, failed Airflow tasks by DAG, and run durations, from the JSON logs of every producer (contracts/logs.json).",
      panelsJSON: JSON.stringify(panels),
      optionsJSON: JSON.stringify({ useMargins: true, hidePanelTitles: false }),
      timeRestore: false,
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify({ query: { query: "", language: "kuery" }, filter: [] }) },
    },
    references: shown.map((v, i) => ({ name: `panel_${i}`, type: "visualization", id: v.id })),
  };
  return [dataView, ...shown, dashboard];
}

/** The saved objects as NDJSON, one object per line (what `POST /api/saved_objects/_import` reads). */
export function renderKibanaSavedObjects(): string {
  return kibanaSavedObjects()
    .map((o) => JSON.stringify(o))
    .join("\n")
    .concat("\n");
}
