// ESLint's recommended rules for the browser scripts (static/js), the build
// scripts and the scripts' unit tests; `make lint` runs it.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    ignores: ["node_modules/", "static/build/", "static/vendor/", ".venv/", "test-artifacts/"],
  },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
      "no-implicit-globals": "error",
      "no-shadow": "error",
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      "no-use-before-define": ["error", { functions: false, variables: false }],
    },
  },
  {
    files: ["static/js/**/*.js"],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ["eslint.config.js", "scripts/**/*.mjs", "tests/js/**/*.js"],
    languageOptions: { globals: globals.node },
  },
];
