package lakehouse.cassandra;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Row;

/** Spark row values as the Java types the driver's codecs take for each CQL column type. */
final class Values {
  private Values() {}

  static Object[] of(Row row, DataType[] types) {
    Object[] out = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      out[i] = row.isNullAt(i) ? null : convert(row.get(i), types[i]);
    }
    return out;
  }

  static Object convert(Object v, DataType type) {
    if (type.equals(DataTypes.TIMESTAMP)) {
      if (v instanceof java.sql.Timestamp t) {
        return t.toInstant();
      }
      return v instanceof Long millis ? Instant.ofEpochMilli(millis) : (Instant) v;
    }
    if (type.equals(DataTypes.DATE)) {
      return v instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) v;
    }
    if (type.equals(DataTypes.BIGINT)) {
      return ((Number) v).longValue();
    }
    if (type.equals(DataTypes.INT)) {
      return ((Number) v).intValue();
    }
    if (type.equals(DataTypes.DOUBLE)) {
      return ((Number) v).doubleValue();
    }
    if (type.equals(DataTypes.DECIMAL) && !(v instanceof BigDecimal)) {
      return new BigDecimal(v.toString());
    }
    return v; // text, boolean, ... already in the driver's type
  }

  /** Rough size of a row in a batch as Cassandra measures it (cell values plus an 8-byte timestamp per cell). */
  static int estimatedBytes(Object[] row) {
    int size = 0;
    for (Object v : row) {
      if (v != null) {
        size += 8 + (v instanceof String s ? s.length() : 8);
      }
    }
    return size;
  }
}
