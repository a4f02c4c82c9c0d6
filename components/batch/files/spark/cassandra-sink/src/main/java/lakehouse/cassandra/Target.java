package lakehouse.cassandra;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Where to write; shipped to the executors, so it is serializable. The password never appears in toString. */
final class Target implements Serializable {
  private static final long serialVersionUID = 1L;

  final String contactPoints;
  final String keyspace;
  final String user;
  final String password;

  Target(String contactPoints, String keyspace, String user, String password) {
    this.contactPoints = Objects.requireNonNull(contactPoints, "contactPoints");
    this.keyspace = Objects.requireNonNull(keyspace, "keyspace");
    this.user = user == null ? "" : user;
    this.password = password == null ? "" : password;
    addresses(); // a malformed list fails on the driver, before any task
  }

  List<InetSocketAddress> addresses() {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String hostPort : contactPoints.split(",")) {
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "Cassandra contact point '" + hostPort + "' is not host:port (in '" + contactPoints + "')");
      }
      out.add(new InetSocketAddress(
          hostPort.substring(0, colon).trim(), Integer.parseInt(hostPort.substring(colon + 1).trim())));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Target t && contactPoints.equals(t.contactPoints) && keyspace.equals(t.keyspace)
        && user.equals(t.user) && password.equals(t.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(contactPoints, keyspace, user, password);
  }

  @Override
  public String toString() {
    return "Target[" + contactPoints + "/" + keyspace + (user.isEmpty() ? "" : ", user " + user) + "]";
  }
}
