import java.io.File;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DFSUtilClient;
import org.apache.hadoop.shaded.com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.NodeList;

/**
 * Loads each container's rendered Hadoop config files with Hadoop's own Configuration, as the daemons do, and prints
 * what Hadoop makes of them: every property as read, the default file system, the namenode RPC address a client (or
 * the namenode itself) derives from it, and the keys Hadoop does not know (not in core-default.xml or
 * hdfs-default.xml; Hive's keys are left to Hive).
 *
 * Usage: java -cp <hadoop jars> HadoopConfProbe.java NAME=FILE[,FILE...]...   (one JSON object keyed by NAME)
 */
public class HadoopConfProbe {
  public static void main(String[] args) throws Exception {
    Set<String> known = new HashSet<>();
    for (String defaults : new String[] {"core-default.xml", "hdfs-default.xml"}) known.addAll(documentedKeys(defaults));
    Map<String, Object> out = new LinkedHashMap<>();
    for (String arg : args) {
      String name = arg.substring(0, arg.indexOf('='));
      out.put(name, view(arg.substring(name.length() + 1).split(","), known));
    }
    System.out.println(new ObjectMapper().writeValueAsString(out));
  }

  private static Map<String, Object> view(String[] files, Set<String> known) {
    Configuration conf = new Configuration(false);
    for (String file : files) conf.addResource(new Path(new File(file).getAbsolutePath()));
    Map<String, String> props = new TreeMap<>();
    for (Map.Entry<String, String> e : conf) props.put(e.getKey(), conf.get(e.getKey()));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("properties", props);
    view.put("unknownKeys", props.keySet().stream().filter(k -> !known.contains(k) && !isHiveKey(k)).toList());
    if (props.containsKey("fs.defaultFS")) {
      view.put("defaultUri", FileSystem.getDefaultUri(conf).toString());
      InetSocketAddress nn = DFSUtilClient.getNNAddress(conf);
      view.put("namenodeRpc", Map.of("host", nn.getHostString(), "port", nn.getPort()));
    }
    return view;
  }

  /** Every <name> of a *-default.xml resource (keys documented without a default value included). */
  private static Set<String> documentedKeys(String resource) throws Exception {
    try (InputStream in = Configuration.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException(resource + " is not on the classpath");
      NodeList names = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getElementsByTagName("name");
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < names.getLength(); i++) keys.add(names.item(i).getTextContent().trim());
      return keys;
    }
  }

  /** hive-site.xml keys (javax.jdo.*, hive.*, metastore.*) belong to Hive's MetastoreConf, not to Hadoop. */
  private static boolean isHiveKey(String key) {
    return key.startsWith("hive.") || key.startsWith("metastore.") || key.startsWith("javax.jdo.");
  }
}
