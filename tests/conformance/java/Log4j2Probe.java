import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.appender.RollingFileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Loads one rendered log4j2 configuration with log4j2 itself (the log4j-core of the Spark distribution, run with
 * Spark's jars on the classpath as the daemons are), logs one event through it and prints one JSON object: the
 * status problems (WARN and above) log4j2 reported while configuring, whether it fell back to its default
 * configuration, the root level, every appender with its file or target, and the first line the file appender wrote.
 *
 * Usage: java -cp <spark jars> Log4j2Probe.java CONFIG LOG_FILE   (LOG_FILE becomes -Dlakehouse.log.file)
 */
public class Log4j2Probe {
  public static void main(String[] args) throws Exception {
    File config = new File(args[0]);
    File logFile = new File(args[1]);
    System.setProperty("lakehouse.log.file", logFile.getAbsolutePath());
    List<String> problems = new ArrayList<>();
    StatusLogger.getLogger().registerListener(new StatusListener() {
      public void log(StatusData data) {
        if (data.getLevel().isMoreSpecificThan(Level.WARN)) problems.add(data.getLevel() + " " + data.getMessage().getFormattedMessage());
      }
      public Level getStatusLevel() { return Level.WARN; }
      public void close() {}
    });

    LoggerContext ctx = Configurator.initialize("conformance", null, config.toURI());
    Configuration conf = ctx.getConfiguration();
    LoggerConfig root = conf.getRootLogger();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("defaultConfiguration", conf instanceof DefaultConfiguration);
    out.put("rootLevel", String.valueOf(root.getLevel()));
    out.put("rootAppenders", List.copyOf(root.getAppenders().keySet()));
    Map<String, Object> appenders = new LinkedHashMap<>();
    for (Map.Entry<String, Appender> e : conf.getAppenders().entrySet()) {
      Appender a = e.getValue();
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("type", a.getClass().getSimpleName());
      view.put("layout", a.getLayout() == null ? "" : a.getLayout().getClass().getSimpleName());
      if (a instanceof RollingFileAppender r) {
        view.put("fileName", r.getFileName());
        view.put("filePattern", r.getFilePattern());
      }
      if (a instanceof ConsoleAppender c) view.put("target", String.valueOf(c.getTarget()));
      appenders.put(e.getKey(), view);
    }
    out.put("appenders", appenders);

    ctx.getLogger("lakehouse.conformance").info("conformance probe event");
    Configurator.shutdown(ctx);
    List<String> lines = logFile.exists() ? Files.readAllLines(logFile.toPath(), StandardCharsets.UTF_8) : List.of();
    out.put("firstFileLine", lines.isEmpty() ? "" : lines.get(0));
    out.put("problems", problems);
    System.out.println(new ObjectMapper().writeValueAsString(out));
  }
}
