import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// Paths are relative to the client folder: the server passes it as `root`
// both when it builds on first start and when it mounts Vite in `pnpm dev`.
// Two pages: the staff app (index.html) and the client's self-report page
// (report.html, served at /r), each with its own bundle.

const pages = {
  index: fileURLToPath(new URL("index.html", import.meta.url)),
  report: fileURLToPath(new URL("report.html", import.meta.url)),
};

/**
 * The files the report page loads (its entry chunk, the chunks and styles it
 * imports, report.html itself), collected from the bundle, so the service
 * worker precaches the client's page and none of the staff app.
 */
function reportShell(): { plugin: Plugin; files: Set<string> } {
  const files = new Set<string>();
  const plugin: Plugin = {
    name: "wave:report-shell",
    apply: "build",
    generateBundle(_options, bundle) {
      files.clear();
      files.add("report.html");
      const visit = (fileName: string) => {
        const chunk = bundle[fileName];
        if (!chunk || chunk.type !== "chunk" || files.has(fileName)) return;
        files.add(fileName);
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
        for (const asset of chunk.viteMetadata?.importedAssets ?? []) files.add(asset);
        chunk.imports.forEach(visit);
      };
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === "chunk" && chunk.isEntry && chunk.facadeModuleId === pages.report) visit(chunk.fileName);
      }
    },
  };
  return { plugin, files };
}

/** vite-plugin-pwa links its manifest from every page; the staff app is not an installable app. */
function manifestOnReportOnly(): Plugin {
  return {
    name: "wave:manifest-on-report-only",
    enforce: "post",
    transformIndexHtml: {
      order: "post",
      handler: (html, context) => (context.filename === pages.report ? html : html.replace(/<link rel="manifest"[^>]*>/g, "")),
    },
  };
}

const shell = reportShell();

export default defineConfig({
  plugins: [
    react(),
    shell.plugin,
    VitePWA({
      // main.tsx of the report page registers it with scope /r; nothing is injected into the staff page.
      injectRegister: false,
      registerType: "autoUpdate",
      scope: "/r",
      includeAssets: [],
      manifest: {
        name: "Wave: log an episode",
        short_name: "Wave log",
        description: "Log a DMER episode for your lactation consultant.",
        start_url: "/r",
        scope: "/r",
        display: "standalone",
        theme_color: "#1f5f73",
        background_color: "#eef4f3",
        icons: [{ src: "/icons/report-icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
      },
      workbox: {
        globPatterns: ["**/*.{js,css,html}"],
        manifestTransforms: [
          // The plugin adds the web manifest and its icons itself, after this.
          (entries) => ({ manifest: entries.filter((entry) => shell.files.has(entry.url)), warnings: [] }),
        ],
        // Opening /r (or /r/...) offline answers the cached page; any other address goes to the network.
        navigateFallback: "report.html",
        navigateFallbackAllowlist: [/^\/r(?:\/|\?|$)/],
        cleanupOutdatedCaches: true,
        // A new build takes over at once: an old page must not keep sending to a changed API.
        skipWaiting: true,
        clientsClaim: true,
      },
    }),
    manifestOnReportOnly(),
  ],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      input: pages,
      // @wave/shared's modules only define things: one the report page does not use (the trend
      // statistics, say) stays out of its bundle instead of being loaded for the barrel's sake.
      treeshake: { moduleSideEffects: (id) => !/[\\/]shared[\\/]src[\\/]/.test(id) },
    },
  },
});
