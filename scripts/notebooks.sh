#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless on a small sweep, with the Deno Jupyter kernel
# (npm package `deno`) and Debian's Jupyter (jupyter-client, python3-nbclient). A notebook that
# fails stops the script with the failing cell's source and error.
#
#   scripts/notebooks.sh              build, make a small sweep, run every notebook
#   DEPIN_RESULTS=dir scripts/notebooks.sh   run them on an existing results directory instead
#
# Executed copies land in reports/notebooks/ (git-ignored) for a person or a CI artifact.
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

if [ -z "${DEPIN_RESULTS:-}" ]; then
  # Only the M/M/c model runs today; when the market world lands, sweep small versions of
  # scenarios/contagion.yaml and scenarios/pricing.yaml here instead.
  npm run build --silent
  node bin/depin-lab.mjs sweep scenarios/validation/mmc.yaml --replicates 3 \
    --set customers=4000 --set warmup=400 --out "$WORK/results" --quiet >/dev/null
  export DEPIN_RESULTS="$WORK/results/mmc-validation"
fi

mkdir -p reports/notebooks
"$PYTHON" - notebooks/*.ipynb <<'PY'
import sys
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

failed = 0
for path in sys.argv[1:]:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name="deno-lab", timeout=300,
                            resources={"metadata": {"path": "notebooks"}})
    try:
        client.execute()
        print(f"notebook ok: {path}")
    except CellExecutionError as error:
        failed += 1
        print(f"notebook FAILED: {path}\n{error}", file=sys.stderr)
    finally:
        nbformat.write(notebook, "reports/notebooks/" + path.split("/")[-1])
sys.exit(1 if failed else 0)
PY
