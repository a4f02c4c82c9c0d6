package lakehouse.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Row;

/** Writes one Spark partition: rows converted to CQL values, grouped into requests, sent asynchronously. */
final class Writer {
  /** Rows converted and planned at a time (bounds the memory a task holds). */
  static final int CHUNK_ROWS = 5000;

  private static final Map<List<Object>, Statement> STATEMENTS = new ConcurrentHashMap<>();

  private Writer() {}

  /** The prepared INSERT of {@code columns} into {@code table}, with the positions of its keys among them. */
  record Statement(PreparedStatement prepared, DataType[] types, int[] partitionKey, int[] primaryKey) {}

  static Statement statement(Target target, String table, String[] columns) {
    return STATEMENTS.computeIfAbsent(List.of(target, table, List.of(columns)), k -> prepare(target, table, columns));
  }

  private static Statement prepare(Target target, String table, String[] columns) {
    CqlSession session = Sessions.get(target);
    TableMetadata meta = session.getMetadata().getKeyspace(target.keyspace)
        .flatMap(ks -> ks.getTable(table))
        .orElseThrow(() -> new IllegalArgumentException("no table " + target.keyspace + "." + table));
    List<String> names = Arrays.asList(columns);
    int[] partitionKey = positions(meta.getPartitionKey(), names, target, table);
    List<ColumnMetadata> primary = new ArrayList<>(meta.getPartitionKey());
    primary.addAll(meta.getClusteringColumns().keySet());
    int[] primaryKey = positions(primary, names, target, table);
    String cql = "INSERT INTO " + target.keyspace + "." + table + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", java.util.Collections.nCopies(columns.length, "?")) + ")";
    PreparedStatement prepared = session.prepare(cql);
    DataType[] types = new DataType[columns.length];
    int i = 0;
    for (ColumnDefinition c : prepared.getVariableDefinitions()) {
      types[i++] = c.getType();
    }
    return new Statement(prepared, types, partitionKey, primaryKey);
  }

  private static int[] positions(List<ColumnMetadata> keys, List<String> names, Target target, String table) {
    List<String> missing = new ArrayList<>();
    int[] out = new int[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      out[i] = names.indexOf(keys.get(i).getName().asInternal());
      if (out[i] < 0) {
        missing.add(keys.get(i).getName().asInternal());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "rows written to " + target.keyspace + "." + table + " lack its primary key column(s) " + missing);
    }
    return out;
  }

  static void forget() {
    STATEMENTS.clear();
  }

  /** Upserts the rows of one partition; returns how many rows it was given, or throws naming the first failure. */
  static long write(Target target, String table, String[] columns, Iterator<Row> rows, int maxInFlight)
      throws InterruptedException {
    CqlSession session = Sessions.get(target);
    Statement statement = statement(target, table, columns);
    Semaphore inFlight = new Semaphore(maxInFlight);
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    AtomicInteger failures = new AtomicInteger();
    long written = 0;
    List<Object[]> chunk = new ArrayList<>(CHUNK_ROWS);
    while (rows.hasNext() || !chunk.isEmpty()) {
      if (rows.hasNext()) {
        chunk.add(Values.of(rows.next(), statement.types()));
        if (chunk.size() < CHUNK_ROWS && rows.hasNext()) {
          continue;
        }
      }
      for (List<Object[]> group : Planner.plan(chunk.iterator(), statement.partitionKey(), statement.primaryKey(),
          Planner.MAX_ROWS, Planner.MAX_BYTES)) {
        if (firstFailure.get() != null) {
          break;
        }
        inFlight.acquire();
        try {
          session.executeAsync(request(statement.prepared(), group)).whenComplete((result, error) -> {
            if (error != null && failures.getAndIncrement() == 0) {
              firstFailure.set(error);
            }
            inFlight.release();
          });
        } catch (RuntimeException e) { // refused before it was sent (e.g. a value the driver cannot encode)
          if (failures.getAndIncrement() == 0) {
            firstFailure.set(e);
          }
          inFlight.release();
        }
      }
      written += chunk.size();
      chunk.clear();
    }
    inFlight.acquire(maxInFlight); // every request has completed
    inFlight.release(maxInFlight);
    Throwable failure = firstFailure.get();
    if (failure != null) {
      throw new IllegalStateException(
          failures.get() + " write(s) to " + target.keyspace + "." + table + " failed, first: " + failure, failure);
    }
    return written;
  }

  private static com.datastax.oss.driver.api.core.cql.Statement<?> request(PreparedStatement prepared,
      List<Object[]> group) {
    if (group.size() == 1) {
      return prepared.bind(group.get(0));
    }
    List<BoundStatement> bound = new ArrayList<>(group.size());
    for (Object[] row : group) {
      bound.add(prepared.bind(row));
    }
    // A single-partition UNLOGGED batch: one request, applied atomically in the partition, no batchlog; its routing
    // key is its rows' partition key, so the token-aware policy sends it to a replica of that partition.
    return BatchStatement.newInstance(BatchType.UNLOGGED).addAll(bound);
  }

}
