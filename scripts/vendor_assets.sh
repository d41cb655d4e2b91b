#!/usr/bin/env bash
# Re-vendor the front-end assets from the npm registry (pinned in package.json).
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --ignore-scripts
out=breakzero/core/static/vendor
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
cp node_modules/echarts/dist/echarts.min.js "$out/echarts.min.js"
cp node_modules/echarts/LICENSE "$out/echarts.LICENSE"
# the API docs page (/api/v1/docs) runs Swagger UI from here, not from a CDN (CSP: 'self' only)
mkdir -p "$out/swagger-ui"
for f in swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE; do cp "node_modules/swagger-ui-dist/$f" "$out/swagger-ui/$f"; done
sed -i 's#/\*\# sourceMappingURL=swagger-ui.css.map\*/##' "$out/swagger-ui/swagger-ui.css"  # the map is not shipped
# axe-core runs only inside the browser tests' pages (accessibility check, GB/T 37668); never served
mkdir -p breakzero/core/tests/vendor
for f in axe.min.js LICENSE; do cp "node_modules/axe-core/$f" "breakzero/core/tests/vendor/axe-core.${f/axe.min.js/min.js}"; done
echo "vendored into $out and breakzero/core/tests/vendor"
