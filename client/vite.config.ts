import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Paths are relative to the client folder: the server passes it as `root`
// both when it builds on first start and when it mounts Vite in `pnpm dev`.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
});
