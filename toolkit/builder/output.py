"""One run at a time in an output folder, no leftovers from killed runs, plain messages
when the folder cannot be written.

Takes in: an output folder, and the ``OSError`` a write into it raised.
Gives out: ``output_lock`` (an ``fcntl`` lock on ``<out>/.cache/build.lock``: a second run
into the same folder is refused with a message, not left to lose manifest entries),
``remove_stale_temporaries`` (the ``.name.xxxxxxxx`` files ``write_atomic`` leaves when a run
is killed, removed by the next run that holds the lock) and ``output_error`` (which file
could not be written, why, and that the files already there are kept).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toolkit.errors import OutputError, Problem, display_path

TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}")
"""The name ``tempfile.mkstemp(prefix=".name.")`` gives: a dot, the name, eight characters."""
LOCK_NAME = ".cache/build.lock"


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold ``<out>/.cache/build.lock`` for the block; ``OutputError`` at once if another run
    holds it. Where ``fcntl`` is missing (Windows) runs go unlocked."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    lock, created = out / LOCK_NAME, not out.exists()
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise output_error(out, error, out) from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"another build or personalize run is writing to {out} right now; wait "
                "for it to finish, or use another folder with --out"
            ) from None
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
        if created:
            _remove_if_only_the_lock(out)


def _remove_if_only_the_lock(out: Path) -> None:
    """A run that stopped before writing anything leaves no output folder behind."""
    if sorted(out.rglob("*")) == [out / ".cache", out / LOCK_NAME]:
        (out / LOCK_NAME).unlink()
        (out / ".cache").rmdir()
        out.rmdir()


def remove_stale_temporaries(out: Path) -> list[Path]:
    """Delete the temporary files a killed run left under ``out``; call it holding the lock."""
    removed = []
    for folder, _, names in os.walk(out):
        for name in names:
            if TEMPORARY.fullmatch(name):
                path = Path(folder, name)
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def output_error(path: Path, error: OSError, out: Path) -> OutputError:
    """Why ``path`` could not be written, with what to do; the files already in ``out`` are
    kept (every write is atomic)."""
    shown = display_path(path, out)
    reason = error.strerror or str(error)
    if error.errno == errno.ENOSPC:
        advice = "free some disk space and build again"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        advice = "choose a folder you can write to with --out"
    else:
        advice = "check the folder and build again"
    message = f"cannot write it: {reason}. The PDFs already in {out} are kept; {advice}."
    return OutputError([Problem(shown, message)])
