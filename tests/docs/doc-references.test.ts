import path from "node:path";
import { describe, expect, it } from "vitest";
import { brokenBecause, markdownFiles, referencesIn, REPO_ROOT } from "./doc-references";

// Docs that stay true: every file and exported symbol README.md and docs/
// name exists (conventions in docs/decisions/template.md).
describe("the README and docs/", () => {
  it.each(markdownFiles().map((file) => [path.relative(REPO_ROOT, file), file]))("%s names only files and exports that exist", (_name, file) => {
    const broken = referencesIn(file)
      .map((reference) => ({ reference, reason: brokenBecause(reference) }))
      .filter((entry) => entry.reason !== null)
      .map(({ reference, reason }) => `${reference.file}:${reference.line}: ${reason ?? ""}`);
    expect(broken).toEqual([]);
  });
});

describe("the reference finder", () => {
  it("checks backticked paths, links, plain paths and exported symbols, and skips build output", () => {
    const probe = path.join(REPO_ROOT, "docs", "decisions", "probe.md");
    const text = [
      "See `server/src/trpc.ts#describeError` and [the ADR](0009-idempotent-creates-and-versioned-edits.md).",
      "Also server/src/no-such-file.ts, `server/src/trpc.ts#noSuchExport`, and `createApp` (`server/src/app.ts`), `createApp` (`server/src/trpc.ts`).",
      "Built output such as server/dist/main.js is not checked, nor [a site](https://example.com/a.md).",
    ].join("\n");
    const checked = referencesIn(probe, text).map((reference) => [reference.path, reference.symbol, brokenBecause(reference)]);
    expect(checked).toEqual([
      ["docs/decisions/0009-idempotent-creates-and-versioned-edits.md", null, null],
      ["server/src/trpc.ts", "describeError", null],
      ["server/src/no-such-file.ts", null, "server/src/no-such-file.ts does not exist"],
      ["server/src/trpc.ts", "noSuchExport", "server/src/trpc.ts does not export noSuchExport"],
      ["server/src/app.ts", null, null],
      ["server/src/trpc.ts", null, null],
      ["server/src/app.ts", "createApp", null],
      ["server/src/trpc.ts", "createApp", "server/src/trpc.ts does not export createApp"],
    ]);
  });
});
