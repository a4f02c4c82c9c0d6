/**
 * Entry point of the Pulumi program: validate the stack config (fails before any resource exists), then deploy the
 * lakehouse and export its connection details. `scripts/pulumi.sh` writes the `pbids` output to a file after `up`.
 */
import { Lakehouse } from "./components/lakehouse";
import { loadConfig } from "./stacks";

const lakehouse = new Lakehouse("lakehouse", { config: loadConfig() });
const o = lakehouse.outputs;

export const powerBi = o.powerBi;
export const pbids = o.pbids;
export const urls = o.urls;
export const kafkaBootstrap = o.kafkaBootstrap;
export const hdfsUri = o.hdfsUri;
export const warehouseRoot = o.warehouseRoot;
export const metastoreUri = o.metastoreUri;
export const sparkMasterUrl = o.sparkMasterUrl;
export const airflowAdmin = o.airflowAdmin;
export const logins = o.logins;
export const postgres = o.postgres;
export const artifactHashes = o.artifactHashes;
/** JupyterLab URL with its token (secret): `pulumi stack output --show-secrets jupyter`. */
export const jupyter = o.jupyter;
