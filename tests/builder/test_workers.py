"""Parallel and distributed rendering: same bytes whatever runs it; failures stay contained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.builder.pipeline import BuildSettings, build
from toolkit.builder.workers import executor_for
from toolkit.documents import Selection
from toolkit.errors import RenderError

FIXTURE = Path(__file__).parents[1] / "fixtures" / "content"
SELECTION = Selection(brands=("acme",))


def _pdfs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("serial")
    build(BuildSettings(content=FIXTURE, out=out, selection=SELECTION))
    return _pdfs(out)


def test_two_worker_processes_give_byte_identical_pdfs(
    serial: dict[str, bytes], tmp_path: Path
) -> None:
    with executor_for(2) as executor:
        assert executor is not None
        build(BuildSettings(content=FIXTURE, out=tmp_path, selection=SELECTION), executor=executor)
    assert len(serial) == 6
    assert _pdfs(tmp_path) == serial


def test_dask_cluster_gives_byte_identical_pdfs(serial: dict[str, bytes], tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        executor_for(1, cluster.scheduler_address) as executor,
    ):
        build(BuildSettings(content=FIXTURE, out=tmp_path, selection=SELECTION), executor=executor)
    assert _pdfs(tmp_path) == serial


def test_a_failing_document_does_not_stop_the_others(content: Path, tmp_path: Path) -> None:
    topic = content / "topics/test-topic.yaml"
    signs = "".join(f"  - Warning sign {n}, long enough to fill a line.\n" for n in range(90))
    topic.write_text(topic.read_text().replace("warning_signs:\n", f"warning_signs:\n{signs}"))
    settings = BuildSettings(content=content, out=tmp_path, selection=SELECTION)
    with executor_for(2) as executor, pytest.raises(RenderError) as caught:
        build(settings, executor=executor)
    # both editions of the tip sheet failed alike: one problem names the document once
    assert caught.value.failed == 2
    failed = [p.message.rsplit("(", 1)[1].rstrip(")") for p in caught.value.problems]
    assert failed == ["acme/en/tip-sheets/test-topic"]
    manifest = json.loads((tmp_path / "acme/manifest.json").read_text())
    assert sorted(entry["path"] for entry in manifest["documents"]) == [
        "acme/en/episode-guides/test-series.pdf",
        "acme/en/episode-guides/test-series.print.pdf",
        "acme/en/youth-cards/test-topic.pdf",
        "acme/en/youth-cards/test-topic.print.pdf",
    ]


def test_unreachable_dask_scheduler_is_a_clear_error() -> None:
    from toolkit.errors import SetupError

    pytest.importorskip("distributed")
    with (
        pytest.raises(SetupError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:1"),
        executor_for(1, "tcp://127.0.0.1:1"),
    ):
        pass


def test_a_long_run_through_two_workers_finishes() -> None:
    """More tasks than two workers x 25: max_tasks_per_child deadlocked here (gh-115634)."""
    import os

    with executor_for(2) as pool:
        assert pool is not None
        futures = [pool.submit(os.getpid) for _ in range(80)]
        assert len({future.result(timeout=60) for future in futures}) <= 2
