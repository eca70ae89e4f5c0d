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
  node bin/depin-lab.mjs sweep "$scenario" --workers "${WORKERS:-2}" --out "$WORK/results" --quiet >/dev/null
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
