package lakehouse.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One driver session per JVM and target, opened on first use and reused by every task and micro-batch. */
final class Sessions {
  private static final Map<Target, CqlSession> SESSIONS = new ConcurrentHashMap<>();

  private Sessions() {}

  static CqlSession get(Target target) {
    return SESSIONS.computeIfAbsent(target, Sessions::open);
  }

  private static CqlSession open(Target target) {
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        // The local datacenter is taken from the contact points: the sink needs no datacenter name of its own.
        .withString(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, "DcInferringLoadBalancingPolicy")
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
        .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(30))
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(30))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(30))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
        .build();
    CqlSessionBuilder builder = CqlSession.builder().withConfigLoader(config)
        .addContactPoints(target.addresses()).withKeyspace(target.keyspace);
    if (!target.user.isEmpty()) {
      builder = builder.withAuthCredentials(target.user, target.password);
    }
    return builder.build();
  }

  static void closeAll() {
    for (CqlSession session : SESSIONS.values()) {
      session.close();
    }
    SESSIONS.clear();
    Writer.forget();
  }
}
