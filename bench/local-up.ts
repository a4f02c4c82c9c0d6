/**
 * Benchmark of `lakehouse local up`: wall time and peak memory (RSS of every process the run starts, detached engines
 * included) per step, at two scales. The reference measured in the same run is the smaller scale: each step at the
 * larger scale is reported as a ratio to it, which shows how each step scales with data (10x data ⇒ ideally ≤ 10x time).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { LAKEHOUSE_BIN } from "../cli/local/proc";

interface StepFigure {
  step: string;
  seconds: number;
  peakRssMb: number;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Total RSS (MiB) of processes that belong to the run: descendants of `root` or with `marker` in their command line. */
export function runRssMb(root: number, marker: string): number {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  const tagged = new Set<number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      const pid = Number(entry);
      parents.set(pid, Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0));
      rss.set(pid, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
      if (fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(marker)) tagged.add(pid);
    } catch {
      // process exited while reading
    }
  }
  let kb = 0;
  for (const [pid, value] of rss) {
    let p: number | undefined = pid;
    let inRun = tagged.has(pid);
    while (!inRun && p && p > 1) {
      if (p === root) inRun = true;
      p = parents.get(p);
    }
    if (inRun) kb += value;
  }
  return kb / 1024;
}

async function measure(scale: number): Promise<{ steps: StepFigure[]; totalSeconds: number; peakRssMb: number }> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-local-${scale}-`));
  const child = spawn(LAKEHOUSE_BIN, ["local", "up", "--scale", String(scale), "--run-dir", runDir, "--thrift-port", String(await freePort())], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const steps: StepFigure[] = [];
  let current: StepFigure | undefined;
  let peak = 0;
  const t0 = Date.now();
  let stepStart = t0;
  child.stdout.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      const started = /^▶ (.+)$/.exec(line);
      if (started) {
        current = { step: started[1], seconds: 0, peakRssMb: 0 };
        stepStart = Date.now();
      } else if (/^[✔✘] /.test(line) && current) {
        current.seconds = (Date.now() - stepStart) / 1000;
        steps.push(current);
        current = undefined;
      }
    }
  });
  const timer = setInterval(() => {
    const mb = runRssMb(child.pid ?? 0, runDir);
    peak = Math.max(peak, mb);
    if (current) current.peakRssMb = Math.max(current.peakRssMb, mb);
  }, 500);
  const code = await new Promise<number | null>((r) => child.on("exit", r));
  clearInterval(timer);
  // A failed run keeps its folder (logs of every step) so it can be diagnosed; BENCH_KEEP=1 keeps it on success too.
  if (code !== 0) throw new Error(`local up at scale ${scale} exited with ${code}; its logs are under ${runDir}`);
  if (process.env.BENCH_KEEP === "1") console.log(`run folder kept: ${runDir}`);
  else fs.rmSync(runDir, { recursive: true, force: true });
  return { steps, totalSeconds: (Date.now() - t0) / 1000, peakRssMb: peak };
}

async function main(): Promise<void> {
  const scales = (process.env.BENCH_SCALES ?? "0.1,1").split(",").map(Number);
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  for (const scale of scales) {
    console.log(`local up at scale ${scale}...`);
    results[scale] = await measure(scale);
  }
  const ref = scales[0];
  const big = scales[scales.length - 1];
  console.log(`\nstep${" ".repeat(48)} scale ${ref}: s / MiB    scale ${big}: s / MiB    time ratio`);
  for (const s of results[big].steps) {
    // Steps are matched without their parenthesised details, which differ between runs (scale, Thrift port).
    const bare = (step: string) => step.replace(/\s*\([^)]*\)/g, "");
    const r = results[ref].steps.find((x) => bare(x.step) === bare(s.step));
    const ratio = r && r.seconds > 0 ? `${(s.seconds / r.seconds).toFixed(2)}x` : "n/a";
    console.log(
      `${s.step.padEnd(52)} ${(r?.seconds ?? 0).toFixed(1).padStart(7)} / ${(r?.peakRssMb ?? 0).toFixed(0).padStart(5)}` +
        `   ${s.seconds.toFixed(1).padStart(7)} / ${s.peakRssMb.toFixed(0).padStart(5)}    ${ratio}`,
    );
  }
  for (const scale of scales) console.log(`total at scale ${scale}: ${results[scale].totalSeconds.toFixed(1)} s, peak ${results[scale].peakRssMb.toFixed(0)} MiB`);
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync("bench/results/local-up.json", JSON.stringify({ scales, results, machine: { cpus: os.cpus().length, memGb: os.totalmem() / 2 ** 30 } }, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
