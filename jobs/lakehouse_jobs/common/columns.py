"""Technical column names added by the lakehouse (source columns come from contracts/sources.json)."""

INGEST_DATE = "ingest_date"  # Bronze partition column (the run date that ingested the row)
INGESTED_AT = "_ingested_at"
SOURCE_TABLE = "_source_table"
BATCH_ID = "_batch_id"
SOURCE_FILE = "_source_file"
RAW_LINE = "raw_line"
RUN_DATE = "run_date"
