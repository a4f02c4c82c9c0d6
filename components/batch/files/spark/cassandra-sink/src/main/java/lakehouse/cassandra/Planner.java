package lakehouse.cassandra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rows go together in one request: the last row per primary key (what upserting them one after the other
 * leaves), grouped by partition in order of first appearance, each group split to at most {@code maxRows} rows and
 * about {@code maxBytes} bytes (a larger single row is sent alone). The caps keep every batch under Cassandra's
 * default batch_size_warn_threshold (5 KiB).
 */
final class Planner {
  static final int MAX_ROWS = 100;
  static final int MAX_BYTES = 4 * 1024;

  private Planner() {}

  static List<List<Object[]>> plan(Iterator<Object[]> rows, int[] partitionKey, int[] primaryKey, int maxRows,
      int maxBytes) {
    Map<List<Object>, Object[]> latest = new LinkedHashMap<>();
    while (rows.hasNext()) {
      Object[] row = rows.next();
      List<Object> key = key(row, primaryKey);
      latest.remove(key); // re-inserted: a later row of a key keeps the position of its key's last appearance
      latest.put(key, row);
    }
    Map<List<Object>, List<Object[]>> partitions = new LinkedHashMap<>();
    for (Object[] row : latest.values()) {
      partitions.computeIfAbsent(key(row, partitionKey), k -> new ArrayList<>()).add(row);
    }
    List<List<Object[]>> requests = new ArrayList<>();
    for (List<Object[]> partition : partitions.values()) {
      List<Object[]> group = new ArrayList<>();
      int size = 0;
      for (Object[] row : partition) {
        int rowSize = Values.estimatedBytes(row);
        if (!group.isEmpty() && (group.size() == maxRows || size + rowSize > maxBytes)) {
          requests.add(group);
          group = new ArrayList<>();
          size = 0;
        }
        group.add(row);
        size += rowSize;
      }
      requests.add(group);
    }
    return requests;
  }

  private static List<Object> key(Object[] row, int[] positions) {
    Object[] key = new Object[positions.length];
    for (int i = 0; i < positions.length; i++) {
      key[i] = row[positions[i]];
    }
    return Arrays.asList(key);
  }
}
