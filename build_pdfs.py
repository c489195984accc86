"""Build the online-safety toolkit's PDFs: ``python3 build_pdfs.py help``.

Run with a Python that lacks the toolkit's libraries (the system ``python3``), it runs
itself again with the project's ``.venv/bin/python``, which ``make pdfs`` creates; without
a ``.venv``, it says in one line to run ``make pdfs`` first.
"""

import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent
VENV = PROJECT / ".venv"
AGAIN = "TOOLKIT_REEXECUTED"
"""Set when this script has already re-executed itself, so it never loops."""


def run_with_venv(missing: str) -> None:
    """Re-execute this script with the project's .venv Python, or explain and exit 1."""
    python = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    in_venv = Path(sys.prefix).resolve() == VENV.resolve()
    if python.exists() and not in_venv and not os.environ.get(AGAIN):
        os.environ[AGAIN] = "1"
        # the project's own interpreter, this very script, the same arguments: no shell
        os.execv(python, [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])  # noqa: S606
    sys.exit(
        f"build_pdfs.py: this Python has no module '{missing}' and there is no {VENV}; "
        f"run `make pdfs` in {PROJECT} first, which installs the toolkit into .venv/"
        if not python.exists()
        else f"build_pdfs.py: no module '{missing}', even in {VENV}; run `make pdfs` again "
        "to reinstall the toolkit's libraries"
    )


try:
    from toolkit.cli import main
except ModuleNotFoundError as error:
    if (error.name or "toolkit").partition(".")[0] == "toolkit":
        raise
    run_with_venv(error.name or "?")

if __name__ == "__main__":
    sys.exit(main())
