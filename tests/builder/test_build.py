"""The whole pipeline on the fixture content: files, manifest, and what is inside each PDF."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from tests.pdf_facts import fonts, link_uris, page_sizes, structure_elements, text_of
from toolkit.builder.pipeline import BuildSettings, BuiltDocument, build, last_changed
from toolkit.documents import Job, Selection
from toolkit.errors import Problem, RenderError
from toolkit.rendering.html import RenderedHtml

FIXTURE_TOPIC = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures/content/topics/test-topic.yaml").read_text()
)
EXPECTED_FILES = {
    f"{brand}/en/{name}"
    for brand in ("acme", "default")
    for name in (
        "tip-sheets/test-topic.pdf",
        "tip-sheets/test-topic.print.pdf",
        "youth-cards/test-topic.pdf",
        "youth-cards/test-topic.print.pdf",
        "episode-guides/test-series.pdf",
        "episode-guides/test-series.print.pdf",
    )
}

Built = tuple[Path, list[BuiltDocument]]


def plain(markdown: str) -> str:
    """Text as printed: Markdown markers and link targets removed."""
    text = markdown.replace("**", "").replace("*", "")
    while "](" in text:
        start, end = text.index("]("), text.index(")", text.index("]("))
        text = text[:start] + text[end + 1 :]
    return " ".join(text.replace("[", "").split())


def test_every_document_for_every_brand_is_built(built: Built) -> None:
    out, documents = built
    assert {doc.path for doc in documents} == EXPECTED_FILES
    assert all((out / doc.path).is_file() for doc in documents)


def test_manifest_describes_each_pdf(built: Built) -> None:
    out, _ = built
    manifest = json.loads((out / "acme/manifest.json").read_text())
    entries = {entry["path"]: entry for entry in manifest["documents"]}
    tip = entries["acme/en/tip-sheets/test-topic.pdf"]
    pdf = (out / tip["path"]).read_bytes()
    assert tip["kind"] == "tip-sheet"
    assert tip["edition"] == "digital"
    assert tip["subject"] == "test-topic"
    assert tip["brand"] == "acme"
    assert tip["language"] == "en"
    assert tip["pages"] == 2
    assert tip["page_size"] == [612.0, 792.0]
    assert tip["bytes"] == len(pdf)
    assert len(tip["sha256"]) == 64
    assert set(entries) == {p for p in EXPECTED_FILES if p.startswith("acme/")}


@pytest.mark.parametrize(
    ("name", "size", "pages"),
    [
        ("tip-sheets/test-topic.pdf", (612.0, 792.0), 2),
        ("tip-sheets/test-topic.print.pdf", (702.0, 882.0), 2),  # + bleed and slug area
        ("youth-cards/test-topic.pdf", (252.0, 360.0), 10),
        ("youth-cards/test-topic.print.pdf", (612.0, 792.0), 4),
        ("episode-guides/test-series.pdf", (396.0, 612.0), 8),
        ("episode-guides/test-series.print.pdf", (882.0, 702.0), 4),  # + bleed, marks, slug
    ],
)
def test_page_size_and_count(
    built: Built, name: str, size: tuple[float, float], pages: int
) -> None:
    path = built[0] / "acme/en" / name
    assert page_sizes(path) == {size}
    assert len(PdfReader(path).pages) == pages


def test_tip_sheet_contains_every_content_item(built: Built) -> None:
    text = text_of(built[0] / "acme/en/tip-sheets/test-topic.pdf")
    topic = FIXTURE_TOPIC
    items = [topic["summary"], topic["what_it_is"]]
    items += topic["warning_signs"] + topic["conversation_starters"] + topic["how_to_respond"]
    items += [m["headline"] for m in topic["key_messages"]]  # the text is on the cards
    items += [r["title"] for r in topic["resources"]] + [
        r["description"] for r in topic["resources"] if "description" in r
    ]
    items += [f["value"] for f in topic["figures"]] + [f["label"] for f in topic["figures"]]
    items += [
        "Test Source, 2024",
        "report.cybertip.org",
        "1-800-843-5678",
        "takeitdown.ncmec.org",
        "911",
    ]
    items += ["Acme Family Center", "555-0100", "help@example.org", "Page 1 of 2", "Page 2 of 2"]
    missing = [item for item in items if plain(item).upper() not in text.upper()]
    assert missing == []


def test_tip_sheet_groups_key_messages_by_age_band(built: Built) -> None:
    back = PdfReader(built[0] / "acme/en/tip-sheets/test-topic.pdf").pages[1].extract_text()
    text = " ".join(back.split()).upper()
    kids, teens = text.index("AGES 10 AND UNDER"), text.index("TEENS")
    assert kids < text.index("YOU CAN SAY NO.") < teens < text.index("TELL SOMEONE.")
    assert text.count("IT IS NOT YOUR FAULT.") == 2  # "all" messages are in both bands
    assert "NOBODY GETS TO PRESSURE YOU ONLINE." not in text


def test_tip_sheet_links_every_resource_and_prints_short_urls(built: Built) -> None:
    path = built[0] / "acme/en/tip-sheets/test-topic.pdf"
    uris = link_uris(path)
    assert {r["url"] for r in FIXTURE_TOPIC["resources"]} <= uris
    assert "https://example.org/what" in uris  # a Markdown link in a text field
    assert "https://takeitdown.ncmec.org" in uris
    text = text_of(path)
    assert "example.org/guide" in text
    assert "https://www.example.org/guide" not in text


def test_tip_sheet_has_one_qr_code_per_resource_and_help_link(built: Built) -> None:
    html_qr_count = len(FIXTURE_TOPIC["resources"]) + 2  # CyberTipline and Take It Down
    from pikepdf import Pdf

    with Pdf.open(built[0] / "acme/en/tip-sheets/test-topic.pdf") as pdf:
        alts = [
            str(node.get("/Alt"))
            for node in structure_elements(pdf.Root.StructTreeRoot.K)
            if node.get("/S") == "/Figure"
        ]
    qr_alts = [alt for alt in alts if alt.startswith("QR code: ")]
    assert len(qr_alts) == html_qr_count
    assert "QR code: example.org/guide" in qr_alts
    assert "Acme Family Center logo" in alts


@pytest.mark.parametrize("name", sorted(EXPECTED_FILES))
def test_metadata_and_embedded_fonts(built: Built, name: str) -> None:
    path = built[0] / name
    info = PdfReader(path).metadata
    assert info is not None
    brand_author = "Acme Family Center" if name.startswith("acme/") else "Test Toolkit"
    assert info.author == brand_author
    assert info.title is not None
    assert "Test Topic" in info.title or "Test Series" in info.title
    assert info.subject
    assert str(PdfReader(path).root_object["/Lang"]) == "en"
    embedded = fonts(path)
    assert embedded, "no fonts found"
    assert all(embedded.values()), embedded
    assert all("Lato" in name for name in embedded)


def test_cards_have_front_and_back_per_message(built: Built) -> None:
    reader = PdfReader(built[0] / "default/en/youth-cards/test-topic.pdf")
    messages = FIXTURE_TOPIC["key_messages"]
    assert len(reader.pages) == 2 * len(messages)
    for index, message in enumerate(messages):
        front = " ".join(reader.pages[2 * index].extract_text().split())
        back = " ".join(reader.pages[2 * index + 1].extract_text().split())
        assert message["headline"] in front
        assert message["text"] in front
        assert "report.cybertip.org" in back
        assert "1-800-843-5678" in back


def test_booklet_contents_list_real_page_numbers(built: Built) -> None:
    reader = PdfReader(built[0] / "default/en/episode-guides/test-series.pdf")
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    # As laid out: each entry's line ends with its page number (the leaders are drawn, not text).
    contents = reader.pages[2].extract_text(extraction_mode="layout")
    for title in ("First Episode", "Second Episode"):
        page_number = next(
            i + 1 for i, text in enumerate(pages) if "WHAT IT SHOWS" in text and title in text
        )
        assert re.search(rf"{title} +{page_number}\n", contents), contents


def test_booklet_has_running_head_and_page_numbers(built: Built) -> None:
    reader = PdfReader(built[0] / "default/en/episode-guides/test-series.pdf")
    for number, page in enumerate(reader.pages[1:-1], start=2):
        text = page.extract_text()
        assert "Test Series" in text
        assert str(number) in text.split()


def test_narrowed_build_only_writes_what_was_asked(tmp_path: Path) -> None:
    settings = BuildSettings(
        content=Path(__file__).parents[1] / "fixtures/content",
        out=tmp_path,
        selection=Selection(brands=("default",), docs=("tip-sheet",), editions=("digital",)),
    )
    documents = build(settings)
    assert [doc.path for doc in documents] == ["default/en/tip-sheets/test-topic.pdf"]
    assert sorted(
        p.relative_to(tmp_path).as_posix()
        for p in tmp_path.rglob("*")
        if p.is_file() and ".cache" not in p.parts
    ) == [
        "default/en/tip-sheets/test-topic.pdf",
        "default/manifest.json",
    ]


def test_failed_build_still_records_documents_it_replaced(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit.builder.pipeline

    real_render = toolkit.builder.pipeline.render_pdf

    def fail_on_booklet(
        rendered: RenderedHtml, job: Job, warnings: list[Problem], **options: Any
    ) -> bytes:
        if job.kind.name == "episode-guide":
            raise RenderError("booklet failed")
        return real_render(rendered, job, warnings, **options)

    monkeypatch.setattr(toolkit.builder.pipeline, "render_pdf", fail_on_booklet)
    settings = BuildSettings(
        content=content, out=tmp_path, selection=Selection(brands=("default",))
    )
    with pytest.raises(RenderError, match="booklet failed"):
        build(settings)
    manifest = json.loads((tmp_path / "default/manifest.json").read_text())
    assert [(entry["kind"], entry["edition"]) for entry in manifest["documents"]] == [
        ("tip-sheet", "digital"),
        ("tip-sheet", "print"),
        ("youth-cards", "digital"),
        ("youth-cards", "print"),
    ]
    assert not (tmp_path / "default/en/episode-guides").exists()


def test_rebuild_is_byte_identical_with_fixed_date(content: Path, tmp_path: Path) -> None:
    created = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    selection = Selection(brands=("acme",))
    first = build(
        BuildSettings(content=content, out=tmp_path / "a", selection=selection, created=created)
    )
    second = build(
        BuildSettings(content=content, out=tmp_path / "b", selection=selection, created=created)
    )
    assert [d.sha256 for d in first] == [d.sha256 for d in second]
    manifest = json.loads((tmp_path / "a/acme/manifest.json").read_text())
    assert manifest["created"] == "2026-05-01T12:00:00Z"
    info = PdfReader(tmp_path / "a/acme/en/tip-sheets/test-topic.pdf").metadata
    assert info is not None
    assert info["/CreationDate"] == "D:20260501120000Z"


def test_date_defaults_to_the_inputs_last_change(content: Path) -> None:
    stamp = 1_700_000_000
    for path in content.rglob("*"):
        os.utime(path, (stamp, stamp))
    files = sorted(p for p in content.rglob("*") if p.is_file())
    assert last_changed(files) == datetime.fromtimestamp(stamp, tz=UTC)


def test_print_tip_sheet_has_trim_bleed_and_slug_area(built: Built) -> None:
    import pikepdf

    with pikepdf.open(built[0] / "acme/en/tip-sheets/test-topic.print.pdf") as pdf:
        for page in pdf.pages:
            assert [float(v) for v in page.TrimBox] == [0, 0, 612, 792]
            assert [float(v) for v in page.BleedBox] == [-9, -9, 621, 801]  # 0.125 in
            assert [float(v) for v in page.MediaBox] == [-45, -45, 657, 837]
    text = text_of(built[0] / "acme/en/tip-sheets/test-topic.print.pdf")
    assert "Test Topic · Parent tip sheet · brand acme · en · letter · print edition" in text
    assert "acme/en/tip-sheets/test-topic.print.pdf" in text


def test_booklet_is_padded_with_notes_pages_before_the_back_cover(built: Built) -> None:
    reader = PdfReader(built[0] / "default/en/episode-guides/test-series.pdf")
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) % 4 == 0
    assert "Where to get help".upper() in pages[-1].upper()
    episode_pages = [i for i, text in enumerate(pages) if "WHAT IT SHOWS" in text]
    assert episode_pages  # notes pages, if any, come after the last episode spread
    for text in pages[episode_pages[-1] + 2 : -1]:
        assert text.startswith("Test Series Notes") or text.startswith("Notes")


def test_print_booklet_is_imposed_in_saddle_stitch_order(built: Built) -> None:
    digital = PdfReader(built[0] / "default/en/episode-guides/test-series.pdf")
    imposed = PdfReader(built[0] / "default/en/episode-guides/test-series.print.pdf")
    n = len(digital.pages)
    assert len(imposed.pages) == n // 2
    first_side = imposed.pages[0].extract_text()
    assert "WHERE TO GET HELP" in first_side.upper()  # page n (back cover) on the left
    assert "EPISODE GUIDE" in first_side  # page 1 (cover) on the right


def test_a4_build_reflows_onto_a4_and_a5(tmp_path: Path) -> None:
    settings = BuildSettings(
        content=Path(__file__).parents[1] / "fixtures/content",
        out=tmp_path,
        selection=Selection(brands=("default",), papers=("a4",)),
    )
    sizes = {doc.path: (doc.page_size, doc.paper) for doc in build(settings)}
    a4, a5 = (595.28, 841.89), (419.53, 595.28)
    assert sizes["default/en/tip-sheets/test-topic.a4.pdf"] == (a4, "a4")
    assert sizes["default/en/youth-cards/test-topic.a4.print.pdf"] == (a4, "a4")
    assert sizes["default/en/episode-guides/test-series.a4.pdf"] == (a5, "a4")
    # Two A5 pages side by side, with 0.125 in bleed and room for marks and slug all round.
    assert sizes["default/en/episode-guides/test-series.a4.print.pdf"] == ((929.06, 685.28), "a4")
    text = text_of(tmp_path / "default/en/tip-sheets/test-topic.a4.pdf")
    assert "Page 2 of 2" in text


@pytest.mark.parametrize(
    ("size", "card", "sheet_pages"),
    [("4x6", (288.0, 432.0), 6), ("a6", (297.64, 419.53), 6), ("3.5x2", (252.0, 144.0), 2)],
)
def test_card_sizes_render_and_impose(
    tmp_path: Path, size: str, card: tuple[float, float], sheet_pages: int
) -> None:
    settings = BuildSettings(
        content=Path(__file__).parents[1] / "fixtures/content",
        out=tmp_path,
        selection=Selection(brands=("acme",), docs=("youth-cards",), card_size=size),
    )
    documents = {doc.path: doc for doc in build(settings)}
    digital = documents[f"acme/en/youth-cards/test-topic.{size}.pdf"]
    printed = documents[f"acme/en/youth-cards/test-topic.{size}.print.pdf"]
    assert digital.page_size == card
    assert digital.pages == 10
    assert printed.page_size == (612.0, 792.0)
    assert printed.pages == sheet_pages  # 5 cards: 2 per sheet sideways, or 10 per sheet


def test_brand_chooses_its_card_size(content: Path, tmp_path: Path) -> None:
    brand = content / "brands/acme/brand.yaml"
    brand.write_text(brand.read_text() + 'card_size: "4x6"\n')
    settings = BuildSettings(
        content=content,
        out=tmp_path,
        selection=Selection(docs=("youth-cards",), editions=("digital",)),
    )
    assert sorted(doc.path for doc in build(settings)) == [
        "acme/en/youth-cards/test-topic.4x6.pdf",
        "default/en/youth-cards/test-topic.pdf",
    ]


def test_a_pdf_too_big_to_email_gets_a_warning(content: Path, tmp_path: Path) -> None:
    selection = Selection(brands=("acme",), docs=("tip-sheet",))
    documents = build(
        BuildSettings(content=content, out=tmp_path, selection=selection, budget=20_000)
    )
    digital = next(doc for doc in documents if doc.edition == "digital")
    [warning] = digital.warnings
    assert re.fullmatch(
        r"acme/en/tip-sheets/test-topic\.pdf is \d+ KB, over the 20 KB e-mail budget; "
        r"biggest parts: font Lato \d+ KB, .+",
        warning,
    )
    printed = next(doc for doc in documents if doc.edition == "print")
    assert printed.warnings == []  # the print edition goes to a print shop, not by e-mail
