/** Delta Lake everywhere Gold exists: both images that run Spark drivers bake the contract's jars (checksummed), and
 * every Spark session the program configures enables Delta's extension and catalog. */
import { delta } from "../../contracts";
import { sparkCatalogConf } from "../../components/shared/spark";
import { airflowImageBuild, sparkImageBuild } from "../../components/images";
import { images } from "../../stacks/images";

describe("Delta Lake in the deployment", () => {
  it.each([
    ["spark", sparkImageBuild(images)],
    ["airflow", airflowImageBuild(images)],
  ] as const)("the %s image downloads every contract jar from Maven Central with its pinned sha256", (_name, build) => {
    for (const jar of delta.jars) {
      const [group, artifact, version] = jar.coordinate.split(":");
      const prefix = artifact === "delta-storage" ? "DELTA_STORAGE" : "DELTA_SPARK";
      expect(build.args?.[`${prefix}_URL`]).toBe(`https://repo1.maven.org/maven2/${group.replaceAll(".", "/")}/${artifact}/${version}/${artifact}-${version}.jar`);
      expect(build.args?.[`${prefix}_SHA256`]).toBe(jar.sha256);
    }
  });

  it("every rendered Spark session conf enables Delta's SQL extension and catalog", () => {
    const conf = sparkCatalogConf({ hdfsUri: "hdfs://nn:9000", warehouseRoot: "hdfs://nn:9000/lakehouse", metastoreUri: "thrift://hms:9083" });
    expect(conf["spark.sql.extensions"]).toBe("io.delta.sql.DeltaSparkSessionExtension");
    expect(conf["spark.sql.catalog.spark_catalog"]).toBe("org.apache.spark.sql.delta.catalog.DeltaCatalog");
  });
});
