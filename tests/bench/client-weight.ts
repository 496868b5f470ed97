import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** What the browser must fetch before the first render: what index.html references directly. */
export interface ClientWeight {
  files: { file: string; kind: "js" | "css"; rawKb: number; gzipKb: number }[];
  js: { rawKb: number; gzipKb: number };
  css: { rawKb: number; gzipKb: number };
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** The entry script, modulepreload links and stylesheets of client/dist/index.html, raw and gzipped (default level). */
export function measureClientWeight(distDir: string): ClientWeight {
  const html = readFileSync(path.join(distDir, "index.html"), "utf8");
  const references = new Map<string, "js" | "css">();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attribute = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, "i").exec(tag)?.[1];
    const rel = attribute("rel")?.toLowerCase();
    if (tag.toLowerCase().startsWith("<script") && attribute("src")) references.set(attribute("src") ?? "", "js");
    else if (rel === "modulepreload" && attribute("href")) references.set(attribute("href") ?? "", "js");
    else if (rel === "stylesheet" && attribute("href")) references.set(attribute("href") ?? "", "css");
  }
  const files = [...references].map(([reference, kind]) => {
    const content = readFileSync(path.join(distDir, reference.replace(/^\//, "")));
    return { file: reference, kind, rawKb: kb(content.length), gzipKb: kb(gzipSync(content).length) };
  });
  const total = (kind: "js" | "css") => {
    const ofKind = files.filter((file) => file.kind === kind);
    return {
      rawKb: Math.round(ofKind.reduce((sum, file) => sum + file.rawKb, 0) * 10) / 10,
      gzipKb: Math.round(ofKind.reduce((sum, file) => sum + file.gzipKb, 0) * 10) / 10,
    };
  };
  return { files, js: total("js"), css: total("css") };
}
