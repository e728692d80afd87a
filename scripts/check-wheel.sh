#!/usr/bin/env bash
# Build the wheel, install it into a fresh venv outside the checkout, and run the example notebook
# with it: what a notebook user who installs the package gets (the sample data included).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$repo/.venv/bin/python}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$repo"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$work"/dist/*.whl "nbclient>=0.10,<0.11" "nbformat>=5.10,<6" "ipykernel>=6.29,<8"
cp "$repo/examples/leaderboard.ipynb" "$work/"
cd "$work"
"$work/venv/bin/python" - "$work" <<'PY'
import sys
from pathlib import Path

import abl
import nbformat
from nbclient import NotebookClient

work = Path(sys.argv[1])
assert Path(abl.__file__).is_relative_to(work / "venv"), f"abl comes from {abl.__file__}, not the wheel"
notebook = nbformat.read(work / "leaderboard.ipynb", as_version=4)
NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
text = "\n".join(str(o.get("text", "")) for cell in notebook.cells for o in cell.get("outputs", []))
expected = "Agents with a score in paper mode (every benchmark run): 18"
assert expected in text, f"the notebook did not print {expected!r}:\n{text}"
print(f"wheel check: the example notebook ran against the installed wheel ({abl.__file__})")
PY
