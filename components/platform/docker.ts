/**
 * `DockerPlatform`: renders `ServiceSpec`s as containers on one private network of one Docker host.
 * Naming, wait timeouts, ports and labels are planned by the pure functions in `render.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { sha256, shortHash } from "./hash";
import { contextHash } from "./artifacts";
import {
  containerName,
  dockerHealthcheck,
  dockerPorts,
  runMode,
  serviceLabels,
  uploadPermissions,
  validateSpec,
  sharedVolumeName,
  volumeName,
} from "./render";
import type { DeployedService, FileSpec, ImageBuildSpec, Platform, ServiceSpec } from "./service";

export interface DockerPlatformArgs {
  /** Prefix of every container, volume and network name (the stack's name, e.g. "lakehouse-dev"). */
  readonly prefix: string;
  /** Container platform, e.g. "linux/arm64" (default of the dev stack). */
  readonly platform: string;
  /** Value of the `lakehouse.project` label on everything created. */
  readonly project: string;
}

export class DockerPlatform extends pulumi.ComponentResource implements Platform {
  public readonly kind = "docker" as const;
  /** The private network every service joins; services reach each other by service name. */
  public readonly network: docker.Network;
  private readonly args: DockerPlatformArgs;
  private readonly images = new Map<string, docker.RemoteImage>();
  private readonly sharedVolumes = new Map<string, docker.Volume>();

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
    const { prefix, platform, project } = this.args;
    const volumes = (spec.volumes ?? []).map((v) => {
      if (v.shared) {
        return { volumeName: this.sharedVolume(v.name).name, containerPath: v.mountPath, readOnly: v.readOnly };
      }
      const volume = new docker.Volume(
        `${spec.name}-${v.name}`,
        {
          name: volumeName(prefix, spec.name, v.name),
          labels: [
            { label: "lakehouse.project", value: project },
            { label: "lakehouse.service", value: spec.name },
          ],
        },
        { parent: opts.parent },
      );
      return { volumeName: volume.name, containerPath: v.mountPath, readOnly: v.readOnly };
    });
    const hostMounts = (spec.hostMounts ?? []).map((m) => ({ hostPath: m.hostPath, containerPath: m.mountPath, readOnly: m.readOnly }));
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
        volumes: [...volumes, ...hostMounts],
        privileged: spec.privileged,
        uploads: (spec.files ?? []).map(upload),
        healthcheck: spec.healthcheck ? dockerHealthcheck(spec.healthcheck) : undefined,
        memory: spec.memoryMb,
        memorySwap: spec.memoryMb,
        cpus: spec.cpus !== undefined ? String(spec.cpus) : undefined,
        labels: labelsWithFilesHash(spec, project),
        ...mode,
      },
      { parent: opts.parent, dependsOn },
    );
    // The alias is known at preview time; deriving it from the container makes users depend on the container.
    const host = container.name.apply(() => spec.name);
    return { name: spec.name, host, resources: [container] };
  }

  buildImage(spec: ImageBuildSpec, opts: { parent: pulumi.Resource }): pulumi.Output<string> {
    // The tag follows the build context and the build args, so a changed Dockerfile or pin rebuilds and redeploys.
    const tag = `lakehouse/${spec.name}:${shortHash(sha256(contextHash(spec.context), JSON.stringify(spec.args ?? {})))}`;
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

  /** One volume per shared name (e.g. the `logs` volume Spark writes and Filebeat reads), whoever mounts it first. */
  private sharedVolume(name: string): docker.Volume {
    let volume = this.sharedVolumes.get(name);
    if (!volume) {
      volume = new docker.Volume(
        `shared-${name}`,
        { name: sharedVolumeName(this.args.prefix, name), labels: [{ label: "lakehouse.project", value: this.args.project }] },
        { parent: this },
      );
      this.sharedVolumes.set(name, volume);
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
