import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { measureClientWeight } from "./client-weight";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dist(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "wave-weight-"));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe("the client's initial weight", () => {
  it("counts what index.html loads up front (entry, modulepreloads, stylesheets), not lazy chunks or icons", () => {
    const entry = "console.log('entry');".repeat(200);
    const vendor = "export const v = 1;".repeat(300);
    const css = "body { color: red }".repeat(100);
    const dir = dist({
      "index.html": `<!doctype html><head>
        <link rel="icon" href="/favicon.svg">
        <script type="module" crossorigin src="/assets/index.js"></script>
        <link rel="modulepreload" crossorigin href="/assets/vendor.js">
        <link rel="stylesheet" crossorigin href="/assets/index.css">
      </head>`,
      "assets/index.js": entry,
      "assets/vendor.js": vendor,
      "assets/lazy-practice.js": "x".repeat(50_000),
      "assets/index.css": css,
      "favicon.svg": "<svg/>",
    });
    const weight = measureClientWeight(dir);
    expect(weight.files.map((file) => [file.file, file.kind])).toEqual([
      ["/assets/index.js", "js"],
      ["/assets/vendor.js", "js"],
      ["/assets/index.css", "css"],
    ]);
    const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
    expect(weight.js.rawKb).toBeCloseTo(kb(entry.length) + kb(vendor.length), 5);
    expect(weight.css.gzipKb).toBe(kb(gzipSync(css).length));
  });
});
