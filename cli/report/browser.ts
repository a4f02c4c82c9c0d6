/** Opens a report in headless Chromium and reports what a person would see: console errors and charts with data. */
import { chromium } from "playwright-core";
import * as path from "path";

export interface PageCheck {
  readonly errors: readonly string[];
  readonly charts: readonly { readonly id: string; readonly points: number; readonly visible: boolean }[];
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags that keep Chromium off the network (this machine's network is closed) and runnable as root. */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function checkReportInBrowser(file: string, screenshot?: string): Promise<PageCheck> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(msg.text());
    });
    page.on("pageerror", (err) => errors.push(err.message));
    page.on("requestfailed", (req) => errors.push(`request failed: ${req.url()}`));
    await page.goto(`file://${path.resolve(file)}`, { waitUntil: "load" });
    const charts = await page.$$eval("figure.chart", (figures) =>
      figures.map((f) => {
        const svg = f.querySelector("svg");
        const box = svg?.getBoundingClientRect();
        return {
          id: f.getAttribute("data-chart") ?? "",
          points: f.querySelectorAll(".point").length,
          visible: !!box && box.width > 0 && box.height > 0,
        };
      }),
    );
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    return { errors, charts };
  } finally {
    await browser.close();
  }
}
