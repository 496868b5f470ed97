// Bundles the server for `node server/dist/main.js` (docs/decisions/0022-built-server.md):
// Wave's own packages (@wave/shared, @wave/db) are bundled in; every npm
// package stays an import of node_modules (PGlite loads its wasm and data
// files from its own folder; argon2 is a native addon), so each must be a
// dependency the server declares.
import { existsSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { BUILD_STAMP, REPO_ROOT, SERVER_DIST, writeBuildStamp } from "./build-stamp.mjs";

const SERVER_ROOT = path.join(REPO_ROOT, "server");

/** Bare imports other than @wave/* resolve from node_modules at run time. */
const npmPackagesExternal = {
  name: "npm-packages-external",
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@wave/") ? undefined : { path: args.path, external: true }));
  },
};

const packageName = (specifier) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

const result = await build({
  entryPoints: { main: path.join(SERVER_ROOT, "src/main.ts") },
  outdir: SERVER_DIST,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  sourcemap: true,
  // The source maps are used without `node --enable-source-maps`: a stack points at src/.
  banner: { js: "process.setSourceMapsEnabled(true);" },
  plugins: [npmPackagesExternal],
  metafile: true,
  logLevel: "warning",
});

// An import the server does not declare would fail only at run time, under pnpm's strict node_modules: refuse it now.
const imported = new Set(
  Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports.filter((entry) => entry.external && !entry.path.startsWith("node:")).map((entry) => packageName(entry.path)),
  ),
);
const undeclared = [...imported].filter((name) => !existsSync(path.join(SERVER_ROOT, "node_modules", name, "package.json")));
if (undeclared.length > 0) {
  console.error(`server/dist imports packages server/package.json does not declare: ${undeclared.join(", ")}. Add them to its dependencies.`);
  process.exit(1);
}

writeBuildStamp();
const bytes = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith("main.js"))?.[1].bytes ?? 0;
console.log(`server/dist/main.js: ${(bytes / 1024).toFixed(0)} kB, ${imported.size} npm packages external; stamp ${path.relative(REPO_ROOT, BUILD_STAMP)}`);
