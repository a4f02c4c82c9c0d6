/**
 * The NiFi extension types our flows use, with the NAR that provides each one in the pinned NiFi release.
 * The Pulumi program deploys the `apache/nifi:${NIFI_VERSION}` image; the Hadoop NARs are not in that image
 * and must be added to its lib/ directory (see nifi-templates/README.md).
 */
import { Bundle } from "./model";

export const NIFI_VERSION = "2.6.0";
export const NIFI_IMAGE = `apache/nifi:${NIFI_VERSION}`;

const bundle = (artifact: string): Bundle => ({ group: "org.apache.nifi", artifact, version: NIFI_VERSION });

export interface ComponentType {
  readonly type: string;
  readonly bundle: Bundle;
}

const standard = (simple: string): ComponentType => ({
  type: `org.apache.nifi.processors.standard.${simple}`,
  bundle: bundle("nifi-standard-nar"),
});

export const T = {
  ListFile: standard("ListFile"),
  FetchFile: standard("FetchFile"),
  SplitText: standard("SplitText"),
  ReplaceText: standard("ReplaceText"),
  ExtractText: standard("ExtractText"),
  PackageFlowFile: standard("PackageFlowFile"),
  PutFile: standard("PutFile"),
  UpdateAttribute: { type: "org.apache.nifi.processors.attributes.UpdateAttribute", bundle: bundle("nifi-update-attribute-nar") },
  PutHDFS: { type: "org.apache.nifi.processors.hadoop.PutHDFS", bundle: bundle("nifi-hadoop-nar") },
  PublishKafka: { type: "org.apache.nifi.kafka.processors.PublishKafka", bundle: bundle("nifi-kafka-nar") },
} as const;

export const KAFKA_CONNECTION_SERVICE: ComponentType = {
  type: "org.apache.nifi.kafka.service.Kafka3ConnectionService",
  bundle: bundle("nifi-kafka-3-service-nar"),
};

export const KAFKA_CONNECTION_API: ComponentType = {
  type: "org.apache.nifi.kafka.service.api.KafkaConnectionService",
  bundle: bundle("nifi-kafka-service-api-nar"),
};
