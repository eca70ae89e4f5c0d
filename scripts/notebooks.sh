#!/usr/bin/env bash
# Executes the notebooks headless, each on its own small market sweep, with the Deno Jupyter kernel
# (npm package `deno`) and Debian's Jupyter (jupyter-client, python3-nbclient). A notebook that
# fails makes the script fail, printing the failing cell's source and error.
#
#   scripts/notebooks.sh    build, sweep notebooks/scenarios/{contagion,pricing}-small.yaml, run both
#   DEPIN_CONTAGION_RESULTS=dir DEPIN_PRICING_RESULTS=dir scripts/notebooks.sh
#                           run them on existing results instead (either may be given alone)
#   WORKERS=N               worker threads for the sweeps (default 2)
#
# Executed copies land in reports/notebooks/ (git-ignored) for a person or a CI artifact, each with
# its nbconvert HTML export, which must keep every chart.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DENO="${DENO:-$ROOT/node_modules/.bin/deno}"
PYTHON=/usr/bin/python3 # Debian's, which has nbclient; not whatever python is first on PATH
[ -x "$DENO" ] || { echo "notebooks: $DENO is missing (the npm package deno)" >&2; exit 1; }
"$PYTHON" -c 'import nbclient' 2>/dev/null || { echo "notebooks: $PYTHON lacks nbclient (apt-get install python3-nbclient jupyter-client)" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The kernel lives in a private Jupyter path, so nothing is installed for the user or the system.
# Sloppy imports let Deno follow the sources' `.js` import specifiers to their `.ts` files.
KERNELS="$WORK/jupyter/kernels/deno-lab"
mkdir -p "$KERNELS"
cat > "$KERNELS/kernel.json" <<JSON
{
  "argv": ["$DENO", "jupyter", "--kernel", "--conn", "{connection_file}", "--unstable-sloppy-imports"],
  "display_name": "Deno (depin-lab)",
  "language": "typescript"
}
JSON
export JUPYTER_PATH="$WORK/jupyter"

# Sweeps the small version of a study into $WORK unless the notebook's variable names results;
# either way the variable ends up an absolute path, since the kernel runs in notebooks/.
built=
results_for() {
  local variable=$1 scenario=$2 name=$3
  if [ -n "${!variable:-}" ]; then
    export "$variable=$(realpath -m "${!variable}")"
    return
  fi
  [ -n "$built" ] || { npm run build --silent; built=1; }
  echo "notebooks: sweeping $scenario" >&2
  # The file itself, not `node bin/depin-lab.mjs`: its shebang carries the lab's V8 flags.
  bin/depin-lab.mjs sweep "$scenario" --workers "${WORKERS:-2}" --out "$WORK/results" --quiet >/dev/null
  export "$variable=$WORK/results/$name"
}
results_for DEPIN_CONTAGION_RESULTS notebooks/scenarios/contagion-small.yaml contagion-small
results_for DEPIN_PRICING_RESULTS notebooks/scenarios/pricing-small.yaml pricing-small

mkdir -p reports/notebooks
"$PYTHON" - notebooks/slashing-contagion.ipynb notebooks/pricing-utilization.ipynb <<'PY'
import sys
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from nbconvert import HTMLExporter

import re

CHART = "data:image/svg+xml;base64,"
# A chart as lib/show.ts writes it, its SVG whole: an <img> whose source is a long base64 SVG.
CHART_IMG = re.compile(r'<img class="depin-chart" alt="[^"]*" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]{200,}"')

failed = 0
for path in sys.argv[1:]:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name="deno-lab", timeout=300,
                            resources={"metadata": {"path": "notebooks"}})
    executed = "reports/notebooks/" + path.split("/")[-1]
    try:
        client.execute()
        print(f"notebook ok: {path}")
    except CellExecutionError as error:
        failed += 1
        print(f"notebook FAILED: {path}\n{error}", file=sys.stderr)
    finally:
        nbformat.write(notebook, executed)
    # The HTML export must keep every chart (nbconvert strips SVG outputs; lib/show.ts displays
    # each chart as an <img> of its SVG, which it keeps).
    charts = sum(CHART in output.get("data", {}).get("text/html", "")
                 for cell in notebook.cells for output in cell.get("outputs", []))
    html, _ = HTMLExporter().from_notebook_node(notebook)
    with open(executed.replace(".ipynb", ".html"), "w") as out:
        out.write(html)
    kept = len(CHART_IMG.findall(html))
    if charts == 0 or kept != charts:
        failed += 1
        print(f"notebook HTML FAILED: {executed}: {charts} chart(s) displayed, {kept} in the HTML", file=sys.stderr)
    else:
        print(f"notebook html ok: {executed.replace('.ipynb', '.html')} ({charts} charts)")
sys.exit(1 if failed else 0)
PY
