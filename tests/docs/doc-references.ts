import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

// What the docs name in the repository, found by the conventions
// docs/decisions/template.md states:
// - a repo path: `server/src/trpc.ts` in backticks, a Markdown link target,
//   or a path in plain text that starts at a top-level folder
//   (client/, server/, shared/, db/, tests/, docs/, .ci/); a link is resolved
//   from the file that holds it, everything else from the repo root;
// - an exported symbol: `path#symbol`, or "`symbol` (`path`)" / "`symbol()` (path)".
// Build and run-time output (dist/, .data/, artifacts) is named, never checked.

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

export interface PathReference {
  file: string;
  line: number;
  path: string;
  symbol: string | null;
}

const TOP_LEVEL = ["client", "server", "shared", "db", "tests", "docs", ".ci"];
const ROOT_FILES = new Set(["README.md", "package.json", "pnpm-workspace.yaml", "pnpm-lock.yaml", "tsconfig.base.json", "tsconfig.json", "vitest.config.ts", "eslint.config.js", ".gitignore", ".npmrc"]);
const GENERATED = /(^|\/)(dist|\.data|artifacts|test-results|playwright-report|node_modules)(\/|$)/;

const PATH_CHARS = "[A-Za-z0-9_.@\\-/]";
const TOP = `(?:${TOP_LEVEL.map((dir) => dir.replace(".", "\\.")).join("|")})`;
/** A path from a top-level folder, with an optional #symbol, anywhere in the text. */
const BARE_PATH = new RegExp(`(?<![\\w./-])(${TOP}/${PATH_CHARS}*)(?:#([A-Za-z_$][\\w$]*))?`, "g");
const LINK = /\]\(([^)\s]+)\)/g;
const BACKTICKED = /`([^`\s]+)`/g;
/** "`symbol` (`path`)" or "`symbol()` (path...)". */
const SYMBOL_THEN_PATH = new RegExp(`\`([A-Za-z_$][\\w$]*)(?:\\(\\))?\` \\(\`?(${TOP}/${PATH_CHARS}*\\.[a-z]+)`, "g");

export function markdownFiles(): string[] {
  const docs = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return docs(full);
      return entry.name.endsWith(".md") ? [full] : [];
    });
  return [path.join(REPO_ROOT, "README.md"), ...docs(path.join(REPO_ROOT, "docs"))];
}

function clean(candidate: string): string {
  // Sentence punctuation and a :line suffix are not part of the path.
  return candidate.replace(/:\d+(-\d+)?$/, "").replace(/[.,;:]+$/, "");
}

/** The references in `file` (its text read from disk unless given). */
export function referencesIn(file: string, text = readFileSync(file, "utf8")): PathReference[] {
  const relativeFile = path.relative(REPO_ROOT, file);
  const found: PathReference[] = [];
  const lines = text.split("\n");
  let fenced = false;
  lines.forEach((text, index) => {
    const line = index + 1;
    if (text.trimStart().startsWith("```")) fenced = !fenced;
    const add = (raw: string, symbol: string | null, from: "root" | "file") => {
      const [pathPart = "", hashSymbol] = clean(raw).split("#");
      if (pathPart === "" || /^[a-z]+:/.test(pathPart) || pathPart.includes("*") || GENERATED.test(pathPart)) return;
      const resolved = from === "file" ? path.relative(REPO_ROOT, path.resolve(path.dirname(file), pathPart)) : pathPart;
      found.push({ file: relativeFile, line, path: resolved, symbol: symbol ?? hashSymbol ?? null });
    };
    for (const match of text.matchAll(LINK)) add(match[1] ?? "", null, "file");
    for (const match of text.matchAll(BACKTICKED)) {
      const token = match[1] ?? "";
      if (ROOT_FILES.has(token.split("#")[0] ?? "")) add(token, null, "root");
    }
    // Inside a code fence only explicit paths count: a layout sketch's `server/` names a folder.
    for (const match of text.matchAll(BARE_PATH)) add(`${match[1] ?? ""}${match[2] ? `#${match[2]}` : ""}`, null, "root");
    if (fenced) return;
    for (const match of text.matchAll(SYMBOL_THEN_PATH)) add(match[2] ?? "", match[1] ?? null, "root");
  });
  return found;
}

/** Why the reference does not hold, or null when it does. */
export function brokenBecause(reference: PathReference): string | null {
  const full = path.join(REPO_ROOT, reference.path);
  if (!existsSync(full)) return `${reference.path} does not exist`;
  if (!reference.symbol) return null;
  if (statSync(full).isDirectory()) return `${reference.path} is a folder: name the file that exports ${reference.symbol}`;
  const source = readFileSync(full, "utf8");
  const name = reference.symbol.replace(/\$/g, "\\$");
  const declared = new RegExp(`export\\s+(?:default\\s+)?(?:declare\\s+)?(?:async\\s+)?(?:function\\*?|const|let|var|class|interface|type|enum)\\s+${name}\\b`);
  const listed = new RegExp(`export\\s+(?:type\\s+)?\\{[^}]*\\b${name}\\b[^}]*\\}`);
  return declared.test(source) || listed.test(source) ? null : `${reference.path} does not export ${reference.symbol}`;
}
