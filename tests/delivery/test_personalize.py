"""Personalized copies: files, zips, summary, text, links, tags, and stamp = render in pixels."""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium  # type: ignore[import-untyped,unused-ignore]
import pytest
from PIL import Image, ImageChops

from tests.conftest import FIXTURES
from tests.pdf_facts import fonts, link_uris, structure_elements, text_of
from toolkit.builder.pipeline import BuildSettings, build
from toolkit.cli import main
from toolkit.content.project import load_project
from toolkit.delivery.bases import render_base
from toolkit.delivery.block import Area, Block
from toolkit.delivery.personalize import (
    PersonalizeReport,
    PersonalizeSettings,
    personalize,
)
from toolkit.documents import DOCUMENT_KINDS, Job, Selection
from toolkit.errors import ContentError, ToolkitError
from toolkit.rendering.html import render_html

CONTENT = FIXTURES / "content"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
RECIPIENTS = (
    "name,contact,phone,email,website\n"
    'St. Mary\'s / K-8,"Ms. Rivera, school counselor",(555) 010-0123,'
    "counselor@stmarys.example.org,https://www.stmarys.example.org/\n"
    "Escuela Niños Héroes,Sr. Ortega,555-0199,,\n"
    "<b>Evil</b> & {{ 7*7 }},,,,\n"
)
SLUGS = ("st-marys-k-8", "escuela-ninos-heroes", "b-evil-b-7-7")
NAMES = ("St. Mary's / K-8", "Escuela Niños Héroes", "<b>Evil</b> & {{ 7*7 }}")
FILES = ("test-topic-tip-sheet.pdf", "test-series-episode-guide.pdf")


@dataclass(frozen=True)
class Run:
    """One personalize run over the fixture content."""

    out: Path
    report: PersonalizeReport

    def copy(self, slug: str, name: str) -> Path:
        return self.out / "acme" / "recipients" / slug / name


def _settings(tmp: Path, text: str = RECIPIENTS, **options: object) -> PersonalizeSettings:
    recipients = tmp / "schools.csv"
    recipients.write_text(text, encoding="utf-8")
    selection = Selection(brands=("acme",), docs=("tip-sheet", "episode-guide"))
    defaults: dict[str, object] = {"selection": selection}
    return PersonalizeSettings(
        recipients, CONTENT, tmp / "out", TEMPLATES, **{**defaults, **options}
    )  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def stamped(tmp_path_factory: pytest.TempPathFactory) -> Run:
    tmp = tmp_path_factory.mktemp("stamped")
    return Run(tmp / "out", personalize(_settings(tmp)))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The first recipient again, laid out by WeasyPrint with the block in the HTML."""
    tmp = tmp_path_factory.mktemp("rendered")
    text = "\n".join(RECIPIENTS.splitlines()[:2]) + "\n"
    return Run(tmp / "out", personalize(_settings(tmp, text, method="render")))


def test_each_recipient_gets_a_folder_a_zip_and_a_summary_line(stamped: Run) -> None:
    folder = stamped.out / "acme" / "recipients"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*SLUGS, *(f"{slug}.zip" for slug in SLUGS), "summary.csv", "personalize.json"]
    )
    with (folder / "summary.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "recipient", "slug", "email", "language", "files", "bytes", "zip", "zip_bytes",
        "mail_status",
    ]  # fmt: skip
    emails = ("counselor@stmarys.example.org", "", "")
    for row, name, slug, email in zip(rows[1:], NAMES, SLUGS, emails, strict=True):
        sizes = sum((folder / slug / file).stat().st_size for file in FILES)
        zipped = (folder / f"{slug}.zip").stat().st_size
        assert row == [
            name, slug, email, "", "2", str(sizes), f"{slug}.zip", str(zipped), "not mailed"
        ]  # fmt: skip
    assert stamped.report.recipients == 3
    assert stamped.report.documents == 6
    assert stamped.report.warnings == []


def test_zip_holds_the_recipients_pdfs(stamped: Run) -> None:
    for slug in SLUGS:
        with zipfile.ZipFile(stamped.out / "acme" / "recipients" / f"{slug}.zip") as archive:
            assert sorted(archive.namelist()) == sorted(f"{slug}/{file}" for file in FILES)
            for file in FILES:
                assert archive.read(f"{slug}/{file}") == stamped.copy(slug, file).read_bytes()


@pytest.mark.parametrize("file", FILES)
def test_each_copy_names_its_recipient_and_nobody_else(stamped: Run, file: str) -> None:
    for slug, name in zip(SLUGS, NAMES, strict=True):
        text = text_of(stamped.copy(slug, file))
        assert name in text
        assert [other for other in NAMES if other != name and other in text] == []
    assert "<b>Evil</b> & {{ 7*7 }}" in text_of(stamped.copy(SLUGS[2], file))  # as typed
    assert "Ms. Rivera, school counselor" in text_of(stamped.copy(SLUGS[0], file))


def test_page_counts_links_and_fonts_match_a_rendered_copy(stamped: Run, rendered: Run) -> None:
    for file in FILES:
        ours, theirs = stamped.copy(SLUGS[0], file), rendered.copy(SLUGS[0], file)
        assert len(pdfium.PdfDocument(ours)) == len(pdfium.PdfDocument(theirs))
        assert link_uris(ours) == link_uris(theirs)
        assert "https://report.cybertip.org" in link_uris(ours)
        assert all(fonts(ours).values()), fonts(ours)
    assert len(pdfium.PdfDocument(stamped.copy(SLUGS[0], FILES[0]))) == 2


@pytest.mark.parametrize("file", FILES)
def test_stamped_copy_is_still_pdf_ua(stamped: Run, file: str) -> None:
    with pikepdf.open(stamped.copy(SLUGS[0], file)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        with pdf.open_metadata() as xmp:
            assert xmp["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
        # the stamped text: a paragraph whose content is one marked-content sequence
        [stamp] = [
            node
            for node in structure_elements(pdf.Root.StructTreeRoot.K)
            if node.S == "/P" and isinstance(node.K, int)
        ]
        page = 0 if "episode-guide" in file else len(pdf.pages) - 1  # the cover, the back
        assert stamp.Pg.objgen == pdf.pages[page].obj.objgen
        # in reading order: after the page's other content, before the next page's
        order = [kid.Pg.objgen for kid in stamp.P.K]
        position = [kid.objgen for kid in stamp.P.K].index(stamp.objgen)
        pages = [pdf.pages[n].obj.objgen for n in range(len(pdf.pages))]
        assert all(pages.index(pg) <= page for pg in order[:position])
        assert all(pages.index(pg) > page for pg in order[position + 1 :])


def _pixels(path: Path, dpi: int = 100) -> list[Image.Image]:
    document = pdfium.PdfDocument(path)
    return [page.render(scale=dpi / 72).to_pil().convert("L") for page in document]


def _area(file: str) -> tuple[Area, int]:
    kind = "tip-sheet" if "tip-sheet" in file else "episode-guide"
    subject = "test-topic" if kind == "tip-sheet" else "test-series"
    job = Job(DOCUMENT_KINDS[kind], subject, "acme", "en")
    settings = PersonalizeSettings(Path("unused.csv"), CONTENT, templates=TEMPLATES)
    base = render_base(load_project(CONTENT), job, settings.build_settings())
    return base.area, len(base.reader.pages)


def _box(area: Area, dpi: int = 100, margin: int = 3) -> tuple[int, int, int, int]:
    scale = dpi / 72
    return (
        int(area.x * scale) - margin,
        int(area.top * scale) - margin,
        int((area.x + area.width) * scale) + margin,
        int((area.top + area.height) * scale) + margin,
    )


def _share_close(first: Image.Image, second: Image.Image, tolerance: int = 64) -> float:
    """Share of pixels whose grey levels differ by at most ``tolerance`` (anti-aliasing)."""
    histogram = ImageChops.difference(first, second).histogram()
    return sum(histogram[: tolerance + 1]) / sum(histogram)


def _ink(image: Image.Image) -> int:
    return sum(image.point(lambda grey: 255 if grey < 128 else 0).histogram()[255:])


@pytest.mark.parametrize("file", FILES)
def test_stamped_and_rendered_copies_look_the_same(stamped: Run, rendered: Run, file: str) -> None:
    area, pages = _area(file)
    ours, theirs = _pixels(stamped.copy(SLUGS[0], file)), _pixels(rendered.copy(SLUGS[0], file))
    assert len(ours) == len(theirs) == pages
    for number, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
        changed = ImageChops.difference(mine, other).getbbox()
        if number != area.page:
            assert changed is None, f"page {number + 1} differs at {changed}"
            continue
        box = _box(area)
        assert changed is not None  # sub-pixel anti-aliasing differences, inside the area only
        assert box[:2] <= changed[:2]
        assert changed[2:] <= box[2:]
        block, same = mine.crop(box), other.crop(box)
        assert _share_close(block, same) > 0.995
        assert _ink(block) > 150
        assert abs(_ink(block) - _ink(same)) < 0.05 * _ink(same)
        # and the comparison can tell two recipients apart
        another = _pixels(stamped.copy(SLUGS[1], file))[number].crop(box)
        assert _share_close(block, another) < 0.95


def test_recipient_too_long_for_an_area_is_reported_before_anything_is_written(
    tmp_path: Path,
) -> None:
    text = "name,contact\nOak,Ms. Rivera\nPine Elementary," + ("A very long title " * 6)[:100]
    settings = _settings(tmp_path, text, selection=Selection(brands=("acme",), docs=("tip-sheet",)))
    with pytest.raises(ContentError) as caught:
        personalize(settings)
    assert [str(problem) for problem in caught.value.problems] == [
        "schools.csv:3: name and contact too long for the parent tip sheet's contact line by "
        "about 11 characters; shorten or abbreviate"
    ]
    assert not (tmp_path / "out").exists()


def test_youth_cards_have_no_reserved_area(tmp_path: Path) -> None:
    settings = _settings(tmp_path, selection=Selection(docs=("youth-cards",)))
    with pytest.raises(ToolkitError) as caught:
        personalize(settings)
    assert str(caught.value) == (
        "youth-cards cannot be personalized (no room for a recipient's contact); "
        "choose from: tip-sheet, episode-guide"
    )


def test_files_over_the_email_budget_are_reported_with_what_makes_them_big(
    tmp_path: Path,
) -> None:
    text = "name\nOak\n"
    selection = Selection(brands=("acme",), docs=("tip-sheet",))
    report = personalize(_settings(tmp_path, text, selection=selection, budget=20_000))
    pdf, archive = report.warnings
    assert re.fullmatch(
        r"oak/test-topic-tip-sheet.pdf is \d+ KB, over the 20 KB e-mail budget; "
        r"biggest parts: font Lato\S* \d+ KB, font Lato\S* \d+ KB, \S.*",
        pdf,
    )
    assert re.fullmatch(
        r"oak.zip is \d+ KB, over the 20 KB e-mail budget; "
        r"biggest parts: oak/test-topic-tip-sheet.pdf \d+ KB",
        archive,
    )


def test_print_edition_is_stamped_before_its_marks(tmp_path: Path) -> None:
    selection = Selection(brands=("acme",), docs=("tip-sheet",), editions=("print",))
    personalize(_settings(tmp_path, "name\nOak Elementary\n", selection=selection))
    copy = tmp_path / "out" / "acme" / "recipients" / "oak-elementary"
    path = copy / "test-topic-tip-sheet.print.pdf"
    text = text_of(path)
    assert "Oak Elementary" in text
    assert "print edition" in text  # the slug line...
    assert "for Oak Elementary" in text  # ...names the recipient
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 2
        assert float(pdf.pages[1].TrimBox[2]) - float(pdf.pages[1].TrimBox[0]) == 612


def test_normal_builds_have_no_reserved_area() -> None:
    project = load_project(CONTENT)
    for kind, subject in (("tip-sheet", "test-topic"), ("episode-guide", "test-series")):
        job = Job(DOCUMENT_KINDS[kind], subject, "acme", "en")
        created = datetime(2026, 1, 1, tzinfo=UTC)
        normal = render_html(project, job, TEMPLATES, created).html
        assert "recipient" not in normal
        assert (
            "data-recipient-area"
            in render_html(project, job, TEMPLATES, created, recipient_block=Block()).html
        )


def test_big_logo_is_kept_at_print_resolution(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    brand = content / "brands" / "acme"
    Image.effect_noise((1600, 1600), 60).convert("RGB").save(brand / "logo.png")
    text = (brand / "brand.yaml").read_text(encoding="utf-8")
    (brand / "brand.yaml").write_text(text.replace("logo.svg", "logo.png"), encoding="utf-8")
    selection = Selection(brands=("acme",), docs=("tip-sheet",), editions=("digital",))
    [document] = build(BuildSettings(content=content, out=tmp_path / "out", selection=selection))
    with pikepdf.open(tmp_path / "out" / document.path) as pdf:
        images = [
            image
            for page in pdf.pages
            for image in page.get_images().values()
            if int(image.Width) > 100  # the logo, not a QR code
        ]
    assert images, "the logo should be in the PDF"
    assert all(int(image.Width) <= 0.6 * 300 + 1 for image in images)  # 0.6 in tall at 300 dpi


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recipients = tmp_path / "schools.csv"
    recipients.write_text("name,phone\nOak,555-0100\n", encoding="utf-8")
    args = ["personalize", "--content", str(CONTENT), "--out", str(tmp_path / "out")]
    args += ["--brand", "default", "--doc", "tip-sheet", "--jobs", "1"]
    assert main([*args, "--recipients", str(recipients)]) == 0
    out = capsys.readouterr().out
    assert "  [1/1] oak\n" in out
    assert "Personalized copies" in out
    assert "1 PDFs (stamp method)" in out
    assert (tmp_path / "out" / "default" / "recipients" / "oak.zip").is_file()

    assert main(args) == 1
    assert capsys.readouterr().err == (
        "error: personalize needs --recipients FILE, a .csv, .xlsx or .yaml list of recipients\n"
    )
    recipients.write_text("name,phon\nOak,555-0100\n", encoding="utf-8")
    assert main([*args, "--recipients", str(recipients)]) == 0
    assert capsys.readouterr().err == (
        "note: schools.csv:1: ignored column 'phon' (did you mean 'phone'?); the columns used "
        'are name, contact, phone, email, website, language, slug (--column "Header=field" '
        "uses another)\n"
    )
    recipients.write_text("name,phone\nOak,555-01OO\n", encoding="utf-8")
    assert main([*args, "--recipients", str(recipients)]) == 1
    assert capsys.readouterr().err.startswith(
        "error: schools.csv:2: column 'phone': '555-01OO' is not a phone number"
    )
    with pytest.raises(SystemExit):
        main([*args, "--recipients", str(recipients), "--budget-mb", "0"])
    assert "must be a number of megabytes above 0, not '0'" in capsys.readouterr().err


def test_json_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recipients = tmp_path / "schools.yaml"
    recipients.write_text("- name: Oak\n", encoding="utf-8")
    args = ["personalize", "--content", str(CONTENT), "--out", str(tmp_path / "out"), "--json"]
    args += ["--brand", "default", "--doc", "tip-sheet", "--jobs", "1", "--quiet"]
    assert main([*args, "--recipients", str(recipients)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["recipients"], summary["documents"], summary["warnings"]) == (1, 1, [])


def _tip_sheet_settings(tmp: Path, text: str, **options: object) -> PersonalizeSettings:
    selection = Selection(brands=("acme",), docs=("tip-sheet",))
    return _settings(tmp, text, **{"selection": selection, **options})


def test_a_rerun_reuses_current_copies_and_removes_only_its_own_stale_files(
    tmp_path: Path,
) -> None:
    text = "name\nOak\nPine\n"
    first = personalize(_tip_sheet_settings(tmp_path, text))
    folder = tmp_path / "out" / "acme" / "recipients"
    (folder / "oak" / "notes.txt").write_text("the counselor's own file")
    assert not first.reused
    again = personalize(_tip_sheet_settings(tmp_path, text))
    assert (again.reused, again.documents, again.removed) == (True, 2, [])

    a4 = replace(Selection(brands=("acme",), docs=("tip-sheet",)), papers=("a4",))
    report = personalize(_tip_sheet_settings(tmp_path, text, selection=a4))
    assert report.removed == [
        "acme/recipients/oak/test-topic-tip-sheet.pdf",
        "acme/recipients/pine/test-topic-tip-sheet.pdf",
    ]
    assert sorted(p.name for p in (folder / "oak").iterdir()) == [
        "notes.txt", "test-topic-tip-sheet.a4.pdf",
    ]  # fmt: skip
    record = json.loads((folder / "personalize.json").read_text(encoding="utf-8"))
    assert [pdf["path"] for pdf in record["recipients"][0]["pdfs"]] == [
        "oak/test-topic-tip-sheet.a4.pdf"
    ]


def test_recipients_no_longer_listed_are_reported_and_kept_unless_pruned(tmp_path: Path) -> None:
    personalize(_tip_sheet_settings(tmp_path, "name\nOak\nPine\n"))
    folder = tmp_path / "out" / "acme" / "recipients"
    report = personalize(_tip_sheet_settings(tmp_path, "name\nOak\n"))
    assert report.dropped == ["acme/pine"]
    assert (folder / "pine" / "test-topic-tip-sheet.pdf").is_file()
    assert (folder / "pine.zip").is_file()
    assert [row[0] for row in csv.reader((folder / "summary.csv").open())] == ["recipient", "Oak"]

    (folder / "pine" / "photo.jpg").write_bytes(b"not ours")
    report = personalize(_tip_sheet_settings(tmp_path, "name\nOak\nElm\n", prune=True))
    assert report.dropped == []
    assert not (folder / "pine.zip").exists()
    assert sorted(p.name for p in (folder / "pine").iterdir()) == ["photo.jpg"]  # never ours
    assert not json.loads((folder / "personalize.json").read_text())["dropped"]


def test_a_recipient_language_picks_its_documents(content: Path, tmp_path: Path) -> None:
    from tests.content.test_translation import _translate

    _translate(content)
    text = "name,language\nOak,en\nEscuela Niños Héroes,ES\nPine,\n"
    settings = replace(_tip_sheet_settings(tmp_path, text), content=content)
    personalize(settings)
    folder = tmp_path / "out" / "acme" / "recipients"
    spanish = "test-topic-tip-sheet.es.pdf"
    assert sorted(p.name for p in (folder / "oak").iterdir()) == ["test-topic-tip-sheet.pdf"]
    assert sorted(p.name for p in (folder / "escuela-ninos-heroes").iterdir()) == [spanish]
    assert sorted(p.name for p in (folder / "pine").iterdir()) == [
        spanish, "test-topic-tip-sheet.pdf",
    ]  # fmt: skip
    rows = list(csv.DictReader((folder / "summary.csv").open(encoding="utf-8")))
    assert [row["language"] for row in rows] == ["en", "es", ""]

    english = Selection(("acme",), docs=("tip-sheet",), langs=("en",))
    with pytest.raises(ContentError) as caught:
        personalize(replace(settings, selection=english))
    assert str(caught.value) == (
        "schools.csv:3: column 'language': no acme documents in 'es' (this run makes them in "
        "en; see --lang and the brand's languages)"
    )


def test_summary_cells_are_spreadsheet_safe(tmp_path: Path) -> None:
    text = 'name,email\n"=HYPERLINK(""http://evil.example"",""x"")",a@b.org\n@SUM(1+1),c@d.org\n'
    personalize(_tip_sheet_settings(tmp_path, text))
    summary = tmp_path / "out" / "acme" / "recipients" / "summary.csv"
    rows = list(csv.reader(summary.open(encoding="utf-8")))
    assert [row[0] for row in rows[1:]] == [
        "'=HYPERLINK(\"http://evil.example\",\"x\")", "'@SUM(1+1)",
    ]  # fmt: skip
