#!/usr/bin/env bash
# Re-vendor the front-end assets from the npm registry (pinned in package.json).
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --ignore-scripts
out=breakzero/core/static/vendor
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
cp node_modules/echarts/dist/echarts.min.js "$out/echarts.min.js"
cp node_modules/echarts/LICENSE "$out/echarts.LICENSE"
echo "vendored into $out"
