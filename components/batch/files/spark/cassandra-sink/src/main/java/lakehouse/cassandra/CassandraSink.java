package lakehouse.cassandra;

import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Entry point called from PySpark's foreachBatch through the DataFrame's JVM side: the rows never pass through
 * Python. Each Spark task upserts its partition with its executor's session; a failed write fails the task and so
 * the micro-batch, and a replayed batch rewrites the same rows (upserts keyed by primary key).
 */
public final class CassandraSink {
  private CassandraSink() {}

  /**
   * Upserts every row of {@code rows} (columns named as in the table) into {@code keyspace.table}; returns the
   * number of rows written. {@code contactPoints} is "host:port[,host:port...]"; {@code user} empty for no login.
   */
  public static long upsert(Dataset<Row> rows, String contactPoints, String keyspace, String table, String user,
      String password, int maxInFlight) {
    Target target = new Target(contactPoints, keyspace, user, password);
    String[] columns = rows.columns();
    Writer.statement(target, table, columns); // fails here, on the driver, for a wrong table or column
    MapPartitionsFunction<Row, Long> write =
        part -> List.of(Writer.write(target, table, columns, part, maxInFlight)).iterator();
    long written = 0;
    for (Long n : rows.mapPartitions(write, Encoders.LONG()).collectAsList()) {
      written += n;
    }
    return written;
  }

  /** Closes the sessions this JVM opened (executors' sessions end with their JVMs). */
  public static void close() {
    Sessions.closeAll();
  }
}
