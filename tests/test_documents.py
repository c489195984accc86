"""The document registry and job planning: one job per output file."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from toolkit.documents import (
    DOCUMENT_KINDS,
    BrandDefaults,
    Job,
    Selection,
    Subjects,
    plan_jobs,
)

ENGLISH = {"en": Subjects(["a", "b"], ["s"])}


def _paths(selection: Selection, subjects: dict[str, Subjects] = ENGLISH) -> list[str]:
    jobs = plan_jobs(subjects, {"default": BrandDefaults(), "org": BrandDefaults()}, selection)
    return [str(job.output_path) for job in jobs]


def test_every_kind_for_every_subject_and_brand() -> None:
    paths = _paths(Selection())
    assert len(paths) == len(set(paths)) == 2 * 2 * (2 * 2 + 1)  # editions x brands x docs
    assert "org/en/tip-sheets/a.pdf" in paths
    assert "org/en/tip-sheets/a.print.pdf" in paths
    assert "org/en/youth-cards/b.print.pdf" in paths
    assert "default/en/episode-guides/s.pdf" in paths


def test_selection_narrows_by_brand_subject_and_kind() -> None:
    assert _paths(Selection(brands=("org",), topics=("b",), docs=("tip-sheet",))) == [
        "org/en/tip-sheets/b.pdf",
        "org/en/tip-sheets/b.print.pdf",
    ]
    assert _paths(Selection(brands=("default",), topics=("s",), editions=("print",))) == [
        "default/en/episode-guides/s.print.pdf"
    ]


def test_each_language_plans_only_what_is_translated() -> None:
    subjects = {**ENGLISH, "es": Subjects(["b"], [])}
    assert _paths(
        Selection(brands=("org",), docs=("tip-sheet",), editions=("digital",)), subjects
    ) == [
        "org/en/tip-sheets/a.pdf",
        "org/en/tip-sheets/b.pdf",
        "org/es/tip-sheets/b.pdf",
    ]
    assert _paths(Selection(brands=("org",), editions=("print",), langs=("es",)), subjects) == [
        "org/es/tip-sheets/b.print.pdf",
        "org/es/youth-cards/b.print.pdf",
    ]


def test_a_brand_brings_its_own_paper_and_languages_unless_asked_otherwise() -> None:
    subjects = {**ENGLISH, "es": Subjects(["a"], [])}
    brands = {"us": BrandDefaults(), "mx": BrandDefaults(paper="a4", langs=("es",))}
    selection = Selection(docs=("tip-sheet",), editions=("digital",), topics=("a",))
    assert [str(job.output_path) for job in plan_jobs(subjects, brands, selection)] == [
        "us/en/tip-sheets/a.pdf",
        "us/es/tip-sheets/a.pdf",
        "mx/es/tip-sheets/a.a4.pdf",
    ]
    asked = Selection(
        docs=("tip-sheet",), editions=("digital",), topics=("a",), papers=("letter",), langs=("en",)
    )
    assert [str(job.output_path) for job in plan_jobs(subjects, brands, asked)] == [
        "us/en/tip-sheets/a.pdf",
        "mx/en/tip-sheets/a.pdf",
    ]


def test_job_names_carry_kind_subject_brand_and_language() -> None:
    job = Job(DOCUMENT_KINDS["youth-cards"], "sextortion", "riverside-pta", "en", "print")
    assert job.output_path == PurePosixPath("riverside-pta/en/youth-cards/sextortion.print.pdf")
    assert str(job) == "youth-cards 'sextortion' (brand riverside-pta, en, print)"


def test_registry_templates_exist() -> None:
    from toolkit.builder.pipeline import PROJECT_ROOT

    for kind in DOCUMENT_KINDS.values():
        assert (PROJECT_ROOT / "templates" / kind.template).is_file(), kind.name


def test_a4_paper_names_files_and_sizes_pages() -> None:
    [tip, booklet] = plan_jobs(
        {"en": Subjects(["a"], ["s"])},
        {"org": BrandDefaults()},
        Selection(docs=("tip-sheet", "episode-guide"), editions=("print",), papers=("a4",)),
    )
    assert str(tip.output_path) == "org/en/tip-sheets/a.a4.print.pdf"
    assert str(tip) == "tip-sheet 'a' (brand org, en, a4, print)"
    assert tip.paper.full == pytest.approx((595.28, 841.89), abs=0.01)
    assert booklet.paper.half == pytest.approx((419.53, 595.28), abs=0.01)
    assert booklet.paper.landscape == pytest.approx((841.89, 595.28), abs=0.01)


def test_cmyk_and_single_card_print_files_are_named_and_digital_files_keep_their_name() -> None:
    selection = Selection(
        brands=("org",), topics=("b",), docs=("youth-cards", "tip-sheet"), colour="cmyk",
        card_file="single",
    )  # fmt: skip
    assert _paths(selection) == [
        "org/en/tip-sheets/b.pdf",
        "org/en/tip-sheets/b.cmyk.print.pdf",
        "org/en/youth-cards/b.pdf",
        "org/en/youth-cards/b.single.cmyk.print.pdf",
    ]
    single = Job(DOCUMENT_KINDS["youth-cards"], "b", "org", "en", "print", card_file="single")
    assert single.finish == "single-cards"
    assert str(single) == "youth-cards 'b' (brand org, en, print, one card per page)"
