/**
 * `DockerPlatform`: renders `ServiceSpec`s as containers on one private network of one Docker host.
 * Naming, wait timeouts, ports and labels are planned by the pure functions in `render.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { sha256, shortHash } from "./hash";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, contextHash } from "./artifacts";
import {
  checkJobExit,
  containerName,
  dockerHealthcheck,
  dockerPorts,
  runMode,
  serviceLabels,
  sharedVolumeName,
  uploadPermissions,
  validateSpec,
  volumeName,
} from "./render";
import { dockerReplicaName, isJob, replicaSpec, type DeployedService, type FileSpec, type ImageBuildSpec, type Platform, type ServiceSpec } from "./service";

export interface DockerPlatformArgs {
  /** Prefix of every container, volume and network name (the stack's name, e.g. "lakehouse-dev"). */
  readonly prefix: string;
  /** Container platform, e.g. "linux/arm64" (default of the dev stack). */
  readonly platform: string;
  /** Value of the `lakehouse.project` label on everything created. */
  readonly project: string;
  /** Keep volumes marked `keepsData` when the stack is destroyed or they are renamed (Pulumi `retainOnDelete`; default true). */
  readonly retainDataVolumes?: boolean;
}

export class DockerPlatform extends pulumi.ComponentResource implements Platform {
  public readonly kind = "docker" as const;
  /** The private network every service joins; services reach each other by service name. */
  public readonly network: docker.Network;
  private readonly args: DockerPlatformArgs;
  private readonly images = new Map<string, docker.RemoteImage>();
  private readonly shared = new Map<string, docker.Volume>();
  /** Checked exit code of each one-shot job, which its dependants carry as a label (see `checkJobExit`). */
  private readonly completions = new Map<string, pulumi.Output<string>>();

  constructor(name: string, args: DockerPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:platform:DockerPlatform", name, {}, opts);
    this.args = args;
    this.network = new docker.Network(
      `${name}-network`,
      {
        name: `${args.prefix}-net`,
        driver: "bridge",
        labels: [{ label: "lakehouse.project", value: args.project }],
      },
      { parent: this },
    );
    this.registerOutputs({ network: this.network.name });
  }

  deploy(spec: ServiceSpec, opts: { parent: pulumi.Resource }): DeployedService {
    validateSpec(spec);
    if (spec.replicas === undefined) return this.deployOne(spec, opts);
    // One container per replica, named `<name>-1..N` (stable ordinal names), each with its own volumes.
    const replicas = Array.from({ length: spec.replicas }, (_, i) => this.deployOne(replicaSpec(spec, dockerReplicaName(spec.name, i)), opts));
    const hosts = pulumi.all(replicas.map((r) => r.host));
    return { name: spec.name, host: hosts.apply((h) => h[0]), hosts, resources: replicas.flatMap((r) => r.resources) };
  }

  private deployOne(spec: ServiceSpec, opts: { parent: pulumi.Resource }): DeployedService {
    const { prefix, platform } = this.args;
    const volumes = [
      ...(spec.volumes ?? []).map((v) => {
        const volume = v.shared ? this.sharedVolume(v.name) : this.serviceVolume(spec.name, v.name, opts.parent, v.keepsData === true);
        return { volumeName: volume.name, containerPath: v.mountPath, readOnly: v.readOnly };
      }),
      ...(spec.hostMounts ?? []).map((m) => ({ hostPath: m.hostPath, containerPath: m.mountPath, readOnly: m.readOnly })),
    ];
    const mode = runMode(spec);
    const pulled = typeof spec.image === "string" ? [this.pull(spec.image)] : [];
    const dependsOn = [...pulled, ...(spec.dependsOn ?? []).flatMap((d) => d.resources)];
    const container = new docker.Container(
      spec.name,
      {
        name: containerName(prefix, spec.name),
        image: spec.image,
        platform,
        command: spec.command ? [...spec.command] : undefined,
        entrypoints: spec.entrypoint ? [...spec.entrypoint] : undefined,
        envs: envStrings(spec.env),
        user: spec.user,
        networksAdvanced: [{ name: this.network.name, aliases: [spec.name] }],
        ports: dockerPorts(spec.ports),
        volumes,
        uploads: (spec.files ?? []).map(upload),
        healthcheck: spec.healthcheck ? dockerHealthcheck(spec.healthcheck) : undefined,
        privileged: spec.privileged,
        memory: spec.memoryMb,
        memorySwap: spec.memoryMb,
        cpus: spec.cpus !== undefined ? String(spec.cpus) : undefined,
        labels: this.labels(spec),
        ...mode,
      },
      { parent: opts.parent, dependsOn },
    );
    if (isJob(spec)) {
      const name = containerName(prefix, spec.name);
      this.completions.set(spec.name, container.exitCode.apply((code) => checkJobExit(spec.name, name, code)));
    }
    // The alias is known at preview time; deriving it from the container makes users depend on the container.
    const host = container.name.apply(() => spec.name);
    return { name: spec.name, host, hosts: host.apply((h) => [h]), resources: [container] };
  }

  buildImage(spec: ImageBuildSpec, opts: { parent: pulumi.Resource }): pulumi.Output<string> {
    checkRelativeContext(spec);
    // The tag follows the build context and the build args, so a changed Dockerfile or pin rebuilds and redeploys.
    const tag = `lakehouse/${spec.name}:${shortHash(sha256(contextHash(path.join(REPO_ROOT, spec.context)), JSON.stringify(spec.args ?? {})))}`;
    const image = new docker.Image(
      `${spec.name}-image`,
      {
        imageName: tag,
        skipPush: true,
        build: {
          context: spec.context,
          dockerfile: `${spec.context}/${spec.dockerfile}`,
          platform: this.args.platform,
          args: spec.args ? { ...spec.args } : undefined,
        },
      },
      { parent: opts.parent },
    );
    return image.imageName;
  }

  /** Service labels, the files hash, and `lakehouse.after.<job>` = checked exit code of each one-shot dependency. */
  private labels(spec: ServiceSpec) {
    const after = (spec.dependsOn ?? [])
      .filter((d) => this.completions.has(d.name))
      .map((d) => this.completions.get(d.name)!.apply((value) => ({ label: `lakehouse.after.${d.name}`, value })));
    const base = labelsWithFilesHash(spec, this.args.project);
    if (after.length === 0) return base;
    return pulumi
      .all([pulumi.output(base), pulumi.all(after)])
      .apply(([own, jobs]) => [...own, ...jobs].sort((a, b) => a.label.localeCompare(b.label)));
  }

  /** A service's own state volume, `<prefix>-<service>-<role>`, owned by the component that deploys the service. */
  private serviceVolume(service: string, role: string, parent: pulumi.Resource, keepsData: boolean): docker.Volume {
    return new docker.Volume(
      `${service}-${role}`,
      {
        name: volumeName(this.args.prefix, service, role),
        labels: [
          { label: "lakehouse.project", value: this.args.project },
          { label: "lakehouse.service", value: service },
        ],
      },
      { parent, retainOnDelete: keepsData && this.args.retainDataVolumes !== false },
    );
  }

  /** A volume several services mount (e.g. the log folder Filebeat reads): `<prefix>-<name>`, created once. */
  private sharedVolume(name: string): docker.Volume {
    let volume = this.shared.get(name);
    if (!volume) {
      volume = new docker.Volume(
        `shared-${name}`,
        { name: sharedVolumeName(this.args.prefix, name), labels: [{ label: "lakehouse.project", value: this.args.project }] },
        { parent: this },
      );
      this.shared.set(name, volume);
    }
    return volume;
  }

  /** One pull per distinct image reference, for the configured platform; shared by every service using it. */
  private pull(ref: string): docker.RemoteImage {
    let image = this.images.get(ref);
    if (!image) {
      image = new docker.RemoteImage(
        `image-${ref.replace(/[^a-zA-Z0-9.-]+/g, "-")}`,
        { name: ref, platform: this.args.platform, keepLocally: true },
        { parent: this },
      );
      this.images.set(ref, image);
    }
    return image;
  }
}

/**
 * The Docker provider resolves a relative context against the working directory, which Pulumi sets to the project
 * directory (the repository root); anything else would build from the wrong folder.
 */
function checkRelativeContext(spec: ImageBuildSpec): void {
  if (path.isAbsolute(spec.context)) throw new Error(`image ${spec.name}: build context ${spec.context} must be relative to the repository root`);
  if (fs.realpathSync(process.cwd()) !== fs.realpathSync(REPO_ROOT)) {
    throw new Error(`image ${spec.name}: run the program from the repository root ${REPO_ROOT} (the working directory is ${process.cwd()})`);
  }
}

/** `KEY=value` strings, sorted; a secret value keeps the whole list secret. */
function envStrings(env: ServiceSpec["env"]): pulumi.Output<string[]> | undefined {
  if (!env) return undefined;
  return pulumi.all(
    Object.keys(env)
      .sort()
      .map((key) => pulumi.interpolate`${key}=${env[key]}`),
  );
}

function upload(file: FileSpec) {
  const content = file.secret ? pulumi.secret(file.content) : file.content;
  return {
    file: file.path,
    ...(file.encoding === "base64" ? { contentBase64: content } : { content }),
    permissions: uploadPermissions(file.mode),
  };
}

/** Adds `lakehouse.files-hash` (over all uploaded files) so a config change is visible on the container. */
function labelsWithFilesHash(spec: ServiceSpec, project: string) {
  const files = spec.files ?? [];
  const base = serviceLabels(spec, project);
  if (files.length === 0) return base;
  return pulumi
    .all(files.map((f) => pulumi.output(f.content)))
    .apply((contents) => {
      const parts = files.flatMap((f, i) => [f.path, contents[i]]);
      return [...base, { label: "lakehouse.files-hash", value: shortHash(sha256(...parts)) }].sort((a, b) =>
        a.label.localeCompare(b.label),
      );
    });
}
