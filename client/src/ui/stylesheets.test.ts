import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Guards for the design system (docs/decisions/0024-design-system.md): no
// stylesheet grows past ~300 lines, and no global class is styled from two
// files (a class styled twice looks different depending on which page loaded
// first). CSS Modules are scoped per file, so they are not compared. A file
// that only lists its parts (`@import "./part.css"`) reaches the browser as one
// stylesheet, since Vite inlines the parts in order: a part may refine a class
// its sibling defines (a @media rule), as the rules did when they were one file.

const SRC = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const MAX_LINES = 300;

function stylesheets(directory = SRC): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return stylesheets(full);
    return entry.name.endsWith(".css") && !entry.name.endsWith(".module.css") ? [path.relative(SRC, full)] : [];
  });
}

/** The classes a stylesheet defines: a rule whose selector is one class, optionally with pseudo-classes (".chart-legend", ".button:hover"). */
export function definedClasses(css: string): Set<string> {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const classes = new Set<string>();
  for (const match of withoutComments.matchAll(/(^|[{};])\s*([^{};@]+)\{/g)) {
    for (const selector of (match[2] ?? "").split(",")) {
      const single = /^\.([\w-]+)(?::[\w-]+(?:\([^)]*\))?)*$/.exec(selector.trim());
      if (single?.[1]) classes.add(single[1]);
    }
  }
  return classes;
}

/** The stylesheets a file pulls in with `@import "./part.css"`, relative to that file. */
export function importedFiles(css: string): string[] {
  return [...css.matchAll(/@import\s+["']([^"']+\.css)["']/g)].flatMap((match) => (match[1] ? [match[1]] : []));
}

function read(file: string): string {
  return readFileSync(path.join(SRC, file), "utf8");
}

/** The stylesheet each file reaches the browser in: itself, or the file that @imports it (followed to the top). */
function stylesheetOf(page: readonly string[]): (file: string) => string {
  const importer = new Map<string, string>();
  for (const file of page) for (const part of importedFiles(read(file))) importer.set(path.join(path.dirname(file), part), file);
  return (file) => {
    let top = file;
    for (let next = importer.get(top); next !== undefined; next = importer.get(top)) top = next;
    return top;
  };
}

describe("stylesheets", () => {
  const files = stylesheets();

  it.each(files)("%s stays within its line limit", (file) => {
    const lines = read(file).trimEnd().split("\n").length;
    expect(lines).toBeLessThanOrEqual(MAX_LINES);
  });

  // The client's self-report page (report.html, self-report/) is its own document: its classes never meet the staff app's.
  const pages = [files.filter((file) => file.startsWith("self-report/")), files.filter((file) => !file.startsWith("self-report/"))];

  it.each(pages)("style each global class from one file only (page of %s)", (...page) => {
    const owner = stylesheetOf(page);
    const owners = new Map<string, Set<string>>();
    for (const file of page) {
      for (const name of definedClasses(read(file))) owners.set(name, new Set([...(owners.get(name) ?? []), owner(file)]));
    }
    const twice = [...owners].filter(([, where]) => where.size > 1).map(([name, where]) => `.${name} in ${[...where].join(" and ")}`);
    expect(twice).toEqual([]);
  });

  it("read a class defined at the start of a rule, not one used inside a compound selector", () => {
    expect([...definedClasses(".a { x: 1 } .b:hover, .c .d { y: 2 } @media print { .e { z: 3 } }")]).toEqual(["a", "b", "e"]);
  });

  it("read the parts an index stylesheet imports, in order", () => {
    expect(importedFiles('/* parts */\n@import "./a.css";\n@import \'./b/c.css\';\n.d { x: 1 }')).toEqual(["./a.css", "./b/c.css"]);
  });
});
