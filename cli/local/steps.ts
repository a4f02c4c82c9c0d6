/** Runs named steps in order, shows progress, and records each step's elapsed time for the summary. */

export interface StepTiming {
  readonly step: string;
  readonly seconds: number;
  readonly status: "ok" | "failed" | "skipped";
}

export class StepRunner {
  readonly timings: StepTiming[] = [];
  private readonly started = Date.now();

  constructor(private readonly out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {}

  async step<T>(name: string, fn: (progress: (msg: string) => void) => Promise<T>): Promise<T> {
    const t0 = Date.now();
    this.out(`▶ ${name}`);
    const progress = (msg: string) => this.out(`    ${msg}`);
    try {
      const result = await fn(progress);
      const seconds = (Date.now() - t0) / 1000;
      this.timings.push({ step: name, seconds, status: "ok" });
      this.out(`✔ ${name} (${seconds.toFixed(1)}s)`);
      return result;
    } catch (err) {
      this.timings.push({ step: name, seconds: (Date.now() - t0) / 1000, status: "failed" });
      this.out(`✘ ${name}`);
      throw err;
    }
  }

  skip(name: string, why: string): void {
    this.timings.push({ step: name, seconds: 0, status: "skipped" });
    this.out(`- ${name}: skipped (${why})`);
  }

  get totalSeconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}
