// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";


/**
 * Feature edges (docs/decisions/0024-design-system.md): a feature folder imports
 * only ui/, lib/, app/ and itself, so a feature can move or change without
 * breaking another. client-record/ is the client record: its page, review sections and recording forms.
 */
const features = [["admin"], ["alerts"], ["auth"], ["caseload"], ["practice"], ["self-report"], ["client-record"]];
const featureEdges = features.map((feature) => ({
  files: feature.map((folder) => `client/src/${folder}/**/*.{ts,tsx}`),
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: features
          .filter((other) => other !== feature)
          .flat()
          .map((folder) => ({
            group: [`../${folder}/*`, `../../${folder}/*`],
            message: `A feature imports only ui/, lib/, app/ and itself: move what ${folder}/ shares into lib/ or ui/.`,
          })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/.data/**", "tests/artifacts/**", "playwright-report/**", "test-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ["client/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  ...featureEdges,
  {
    // Migrations are frozen snapshots typed against Kysely<any> (see docs/decisions).
    files: ["db/src/migrations/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
    },
  },
  { files: ["**/*.{js,mjs}"], extends: [tseslint.configs.disableTypeChecked] },
  { files: ["tests/smoke/**/*.mjs", "server/scripts/**/*.mjs"], languageOptions: { globals: { process: "readonly", console: "readonly", fetch: "readonly" } } },
);
