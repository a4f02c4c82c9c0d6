import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "build/**", ".venv/**", "jobs/**", "dags/**", "bench/results/**", ".cache/**", ".local/**", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  {
    // Pure plans shared by the Pulumi program and the CLI sit below both: they may import only contracts/.
    files: ["plans/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["../components/*", "../cli/*", "../stacks/*", "@pulumi/*"], message: "plans/ imports only contracts/ (it sits below components/ and cli/)" }] }],
    },
  },
);
