"""One document's work is bounded: a template that loops for ever or eats memory fails with
a message naming it while the other documents are built; local workers have a memory cap
and die with the process that started them."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from toolkit.builder.pipeline import PROJECT_ROOT, BuildSettings, build, render_document
from toolkit.builder.workers import executor_for
from toolkit.content.project import load_project
from toolkit.documents import DOCUMENT_KINDS, Job, Selection
from toolkit.errors import PartialBuildError, RenderError

ENDLESS = (
    "{% for a in range(10000) %}{% for b in range(10000) %}{% for c in range(10000) %}"
    "{% endfor %}{% endfor %}{% endfor %}"
)
GREEDY = (
    "{% macro grow(s, n) %}{% if n %}{{ grow(s ~ s, n - 1) }}{% else %}{{ s | length }}"
    '{% endif %}{% endmacro %}{{ grow("x" * 1000000, 14) }}'
)
TEMPLATES = PROJECT_ROOT / "templates"
CREATED = datetime(2026, 1, 2, tzinfo=UTC)
SELECTION = Selection(docs=("tip-sheet",), editions=("digital",), langs=("en",))


def _acme_template(content: Path, body: str) -> None:
    folder = content / "brands/acme/templates"
    folder.mkdir()
    (folder / "tip_sheet.html").write_text(
        '{% extends "toolkit/tip_sheet.html" %}\n{% block header %}\n' + body + "\n{% endblock %}"
    )


def _settings(content: Path, out: Path, timeout: float) -> BuildSettings:
    return BuildSettings(content=content, out=out, selection=SELECTION, timeout=timeout)


def test_endless_template_fails_by_name_and_the_other_brand_is_built(
    content: Path, tmp_path: Path
) -> None:
    _acme_template(content, ENDLESS)

    with pytest.raises(PartialBuildError) as caught:
        build(_settings(content, tmp_path, timeout=20))

    assert [str(problem) for problem in caught.value.problems] == [
        "content/brands/acme/templates/tip_sheet.html: took longer than 20 s to render "
        "acme/en/tip-sheets/test-topic.pdf, so it was stopped; look for a loop in this "
        "template (or give more time with --timeout)"
    ]
    assert [document.path for document in caught.value.built] == [
        "default/en/tip-sheets/test-topic.pdf"
    ]
    assert (tmp_path / "default/en/tip-sheets/test-topic.pdf").is_file()


def test_time_limit_is_enforced_in_worker_processes(content: Path, tmp_path: Path) -> None:
    _acme_template(content, ENDLESS)

    with executor_for(2) as executor, pytest.raises(PartialBuildError) as caught:
        build(_settings(content, tmp_path, timeout=20), executor=executor)

    assert [str(p) for p in caught.value.problems] == [
        "content/brands/acme/templates/tip_sheet.html: took longer than 20 s to render "
        "acme/en/tip-sheets/test-topic.pdf, so it was stopped; look for a loop in this "
        "template (or give more time with --timeout)"
    ]
    assert [document.path for document in caught.value.built] == [
        "default/en/tip-sheets/test-topic.pdf"
    ]


def test_personalized_documents_have_the_same_time_limit(content: Path) -> None:
    _acme_template(content, ENDLESS)
    job = Job(DOCUMENT_KINDS["tip-sheet"], "test-topic", "acme", "en")

    with pytest.raises(RenderError) as caught:
        render_document(load_project(content), job, TEMPLATES, CREATED, timeout=3)

    assert str(caught.value) == (
        "content/brands/acme/templates/tip_sheet.html: took longer than 3 s to render "
        "acme/en/tip-sheets/test-topic.pdf, so it was stopped; look for a loop in this "
        "template (or give more time with --timeout)"
    )


def test_local_workers_have_a_memory_cap() -> None:
    limit = 900 * 1024**2

    with executor_for(2, memory_limit=limit) as executor:
        assert executor is not None
        soft, _ = executor.submit(resource.getrlimit, resource.RLIMIT_AS).result()
        with pytest.raises(MemoryError):
            executor.submit(bytearray, 2 * limit).result()

    assert soft == limit
    assert resource.getrlimit(resource.RLIMIT_AS)[0] != limit  # this process is not capped


def test_template_over_the_memory_cap_fails_by_name(content: Path, tmp_path: Path) -> None:
    _acme_template(content, GREEDY)

    with (
        executor_for(2, memory_limit=900 * 1024**2) as executor,
        pytest.raises(PartialBuildError) as caught,
    ):
        build(_settings(content, tmp_path, timeout=60), executor=executor)

    message = str(caught.value.problems[0])
    assert message.startswith("content/brands/acme/templates/tip_sheet.html:3: ")
    assert "more memory than one document may use" in message
    assert [document.path for document in caught.value.built] == [
        "default/en/tip-sheets/test-topic.pdf"
    ]


PARENT = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from toolkit.builder.workers import executor_for

if __name__ == "__main__":
    with executor_for(2) as executor:
        print(executor.submit(os.getpid).result(), flush=True)
        time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its reaper does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script), str(PROJECT)], stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    assert _alive(worker)

    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    for _ in range(100):  # up to 10 s; the worker goes at once with PR_SET_PDEATHSIG
        if not _alive(worker):
            break
        time.sleep(0.1)

    assert not _alive(worker)
