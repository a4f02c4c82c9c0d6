/**
 * The log files as SQL tables in a PostgreSQL session (temporary tables, nothing is written to the source
 * databases): every line as read by a line reader (terminators `\n`, `\r\n` or `\r`), then the distinct valid lines
 * under the documented parse rules (jobs/lakehouse_jobs/common/logparse.py's docstring and regexes, jobs/README.md:
 * a trailing CR and surrounding blanks are ignored; an event is one distinct raw line).
 */
import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { sources } from "../../contracts";

const CHUNK = 5_000;

/** The lines of a log file, split like Hadoop's line reader (no empty line after a final terminator). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

async function loadLines(client: Client, table: string, file: string): Promise<number> {
  if (!fs.existsSync(file)) throw new Error(`log file ${file} not found (expected ${path.basename(file)} in the logs directory)`);
  const lines = splitLines(fs.readFileSync(file, "utf8"));
  await client.query(`CREATE TEMP TABLE ${table} (line text) ON COMMIT PRESERVE ROWS`);
  for (let i = 0; i < lines.length; i += CHUNK) {
    await client.query(`INSERT INTO ${table} SELECT unnest($1::text[])`, [lines.slice(i, i + CHUNK)]);
  }
  return lines.length;
}

const CLICK_RE =
  "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?) \\[(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\\] - " +
  "USER_ID: ([^,]*), SESSION_ID: ([^,]*), EVENT_TYPE: ([A-Za-z][A-Za-z0-9_]*), " +
  "PRODUCT_ID: ([A-Za-z0-9_-]+|N/A), AMOUNT: ([^,]*), OUTCOME: ([A-Za-z0-9_]+|N/A)$";
const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
const ACCESS_RE = `^(\\S+) (\\S+) (\\S+) \\[([^\\]]*)\\] ${QUOTED} (\\d{3}) (\\d+|-)(?: ${QUOTED} ${QUOTED})?$`;
const HOST_RE = "^([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$|^[0-9A-Fa-f:.]+$";
const REQUEST_RE = "^([A-Za-z]+) (\\S.*?)(?: (HTTP/[0-9](?:\\.[0-9])?))?$";
const CLF_TS_RE = "^(\\d{2})/([A-Za-z]{3})/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2}) ([+-]\\d{4})$";
const METHODS = "ARRAY['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE']";
const MONTHS = "ARRAY['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']";
const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const cleaned = "btrim(regexp_replace(line, '\\r$', ''))";

// PostgreSQL's regex engine is fast at a yes/no match and slow at capturing many groups, so each line is matched
// whole (`~`), then the fields are cut out with one-group patterns.

/** Valid clickstream events: (ts UTC, event_type lower case), one per distinct raw line. */
const CLICK_EVENTS = `CREATE TEMP TABLE click_events AS
  WITH c AS (SELECT ${cleaned} AS l FROM (SELECT DISTINCT line FROM click_lines) d),
  f AS (SELECT substring(l from '^(\\S+ \\S+) \\[') AS ts_text, substring(l from ' - USER_ID: ([^,]*), SESSION_ID: ') AS user_id,
      substring(l from ', SESSION_ID: ([^,]*), EVENT_TYPE: ') AS session_id,
      substring(l from ', EVENT_TYPE: ([A-Za-z][A-Za-z0-9_]*), PRODUCT_ID: ') AS event_type,
      substring(l from ', AMOUNT: ([^,]*), OUTCOME: ') AS amount FROM c WHERE l ~ ${lit(CLICK_RE)})
  SELECT CASE WHEN pg_input_is_valid(ts_text, 'timestamp') THEN ts_text::timestamp END AS ts, lower(event_type) AS event_type
  FROM f WHERE pg_input_is_valid(ts_text, 'timestamp') AND user_id ~ '^[0-9]{1,18}$' AND session_id ~ '^[0-9]{1,18}$'
    AND (amount = 'N/A' OR amount ~ '^[0-9]{1,12}(\\.[0-9]{1,6})?$')`;

const HEAD = String.raw`^\S+ \S+ \S+ \[`;
const TS_FIELD = String.raw`${HEAD}([^\]]*)\] `;
const REQUEST_FIELD = String.raw`${HEAD}[^\]]*\] ${QUOTED} `;
const STATUS_FIELD = String.raw`${HEAD}[^\]]*\] "(?:[^"\\]|\\.)*" (\d{3}) `;
/** Valid access-log requests: (ts as an instant, status), one per distinct raw line. */
const ACCESS_REQUESTS = `CREATE TEMP TABLE access_requests AS
  WITH c AS (SELECT ${cleaned} AS l FROM (SELECT DISTINCT line FROM access_lines) d),
  f AS (SELECT substring(l from '^(\\S+) ') AS host, substring(l from ${lit(TS_FIELD)}) AS t,
      regexp_replace(substring(l from ${lit(REQUEST_FIELD)}), '\\\\(.)', '\\1', 'g') AS request,
      substring(l from ${lit(STATUS_FIELD)})::int AS status
    FROM c WHERE l ~ ${lit(ACCESS_RE)}),
  iso AS (SELECT host, request, status, t ~ ${lit(CLF_TS_RE)} AND array_position(${MONTHS}, lower(substr(t, 4, 3))) IS NOT NULL AS shape_ok,
      format('%s-%s-%s %s%s', substr(t, 8, 4), array_position(${MONTHS}, lower(substr(t, 4, 3))), substr(t, 1, 2), substr(t, 13, 8), substr(t, 22, 5)) AS ts_text
    FROM f)
  SELECT CASE WHEN shape_ok AND pg_input_is_valid(ts_text, 'timestamptz') THEN ts_text::timestamptz END AS ts, status
  FROM iso WHERE shape_ok AND pg_input_is_valid(ts_text, 'timestamptz') AND host ~ ${lit(HOST_RE)}
    AND request ~ ${lit(REQUEST_RE)} AND upper(substring(request from '^([A-Za-z]+) ')) = ANY (${METHODS})
    AND status BETWEEN 100 AND 599`;

/** Loads both log files of `logsDir` into temporary tables of `client`'s session; returns the line counts. */
export async function loadLogs(client: Client, logsDir: string): Promise<Record<string, number>> {
  const clicks = await loadLines(client, "click_lines", path.join(logsDir, sources.logs.clickstream.file));
  const access = await loadLines(client, "access_lines", path.join(logsDir, sources.logs.accesslog.file));
  await client.query(CLICK_EVENTS);
  await client.query(ACCESS_REQUESTS);
  return { clickstream: clicks, accesslog: access };
}
