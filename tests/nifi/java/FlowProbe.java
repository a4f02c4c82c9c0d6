// Runs a chain of real NiFi processors (nifi-mock TestRunner) on the inputs of a JSON plan and prints every
// resulting FlowFile as JSON. Step kinds: "processor" (a real processor class, its properties, the relationships
// followed to the next step) and "attributes" (UpdateAttribute's basic semantics: evaluate each property as
// Expression Language against the FlowFile and set it). "expressions" are evaluated on the final FlowFiles.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockPropertyValue;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

public class FlowProbe {
    record Item(byte[] content, Map<String, String> attributes) {}

    public static void main(String[] args) throws Exception {
        ObjectMapper om = new ObjectMapper();
        JsonNode plan = om.readTree(new File(args[0]));
        ObjectNode report = om.createObjectNode();
        List<Item> items = new ArrayList<>();
        for (JsonNode in : plan.get("inputs")) {
            // Every NiFi FlowFile has a uuid; inputs get one as if they came from an upstream processor.
            Map<String, String> attrs = toMap(in.get("attributes"));
            attrs.putIfAbsent("uuid", UUID.randomUUID().toString());
            items.add(new Item(in.get("content").asText().getBytes(StandardCharsets.UTF_8), attrs));
        }
        ArrayNode steps = report.putArray("steps");
        for (JsonNode step : plan.get("steps")) {
            ObjectNode s = steps.addObject();
            s.put("name", step.get("name").asText());
            items = step.get("kind").asText().equals("attributes") ? attributes(step, items) : processor(step, items, s, step.path("runs").asInt(1));
            if (items == null) break;
        }
        ArrayNode out = report.putArray("flowFiles");
        for (Item item : items == null ? List.<Item>of() : items) {
            ObjectNode f = out.addObject();
            f.put("content", new String(item.content(), StandardCharsets.UTF_8));
            ObjectNode attrs = f.putObject("attributes");
            item.attributes().forEach(attrs::put);
            ObjectNode exprs = f.putObject("expressions");
            plan.path("expressions").fields().forEachRemaining(e -> exprs.put(e.getKey(), new MockPropertyValue(e.getValue().asText()).evaluateAttributeExpressions(item.attributes()).getValue()));
        }
        System.out.println(om.writeValueAsString(report));
    }

    static Map<String, String> toMap(JsonNode node) {
        Map<String, String> m = new HashMap<>();
        if (node != null) node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    static List<Item> attributes(JsonNode step, List<Item> items) {
        List<Item> next = new ArrayList<>();
        for (Item item : items) {
            Map<String, String> attrs = new HashMap<>(item.attributes());
            step.get("properties").fields().forEachRemaining(e -> attrs.put(e.getKey(), new MockPropertyValue(e.getValue().asText()).evaluateAttributeExpressions(item.attributes()).getValue()));
            next.add(new Item(item.content(), attrs));
        }
        return next;
    }

    static List<Item> processor(JsonNode step, List<Item> items, ObjectNode report, int runs) throws Exception {
        Processor p = (Processor) Class.forName(step.get("type").asText()).getDeclaredConstructor().newInstance();
        TestRunner runner = TestRunners.newTestRunner(p);
        runner.setValidateExpressionUsage(false);
        step.get("properties").fields().forEachRemaining(e -> runner.setProperty(e.getKey(), e.getValue().asText()));
        if (!runner.isValid()) {
            report.put("invalid", runner.getProcessContext().toString());
            try { runner.assertValid(); } catch (AssertionError e) { report.put("invalid", e.getMessage()); }
            return null;
        }
        for (Item item : items) runner.enqueue(item.content(), item.attributes());
        boolean input = !items.isEmpty();
        for (int i = 0; i < runs; i++) runner.run(input ? Math.max(1, items.size()) : 1, i == runs - 1, i == 0);
        ObjectNode counts = report.putObject("relationships");
        List<Item> next = new ArrayList<>();
        List<String> follow = new ArrayList<>();
        step.get("follow").forEach(r -> follow.add(r.asText()));
        for (Relationship rel : p.getRelationships()) {
            List<MockFlowFile> flowFiles = runner.getFlowFilesForRelationship(rel);
            counts.put(rel.getName(), flowFiles.size());
            if (follow.contains(rel.getName())) for (MockFlowFile f : flowFiles) next.add(new Item(f.toByteArray(), f.getAttributes()));
        }
        return next;
    }
}
