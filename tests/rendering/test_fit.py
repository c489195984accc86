"""Overflow found after layout and reported at the YAML line it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.documents import DOCUMENT_KINDS, Job
from toolkit.errors import RenderError
from toolkit.rendering.html import RenderedHtml
from toolkit.rendering.pdf import render_pdf

CARDS = Job(DOCUMENT_KINDS["youth-cards"], "test-topic", "default", "en")
TIP_SHEET = Job(DOCUMENT_KINDS["tip-sheet"], "test-topic", "default", "en")
CARD_PAGE = (
    "<style>@page { size: 3.5in 5in; margin: 0 } .card { height: 5in; padding: 0.3in }</style>"
)


def _problems(tmp_path: Path, body: str, job: Job) -> list[str]:
    html = f"<!doctype html><html lang='en'><title>T</title>{CARD_PAGE}<body>{body}</body></html>"
    with pytest.raises(RenderError) as caught:
        render_pdf(RenderedHtml(html, tmp_path, (tmp_path.resolve(),)), job)
    return [str(problem) for problem in caught.value.problems]


def _card(text: str, src: str = "content/topics/test-topic.yaml:41 key_messages[2].text") -> str:
    return (
        '<article class="card" data-fit="page" aria-label="Card 3 of 5">'
        f'<p data-src="{src}" style="font-size: 14pt">{text}</p></article>'
    )


def test_card_that_fits_gives_no_problem(tmp_path: Path) -> None:
    html = f"<!doctype html><html lang='en'><title>T</title>{CARD_PAGE}<body>{_card('Short.')}"
    assert render_pdf(RenderedHtml(html, tmp_path, (tmp_path,)), CARDS).startswith(b"%PDF")


def test_overfull_card_names_the_yaml_line_and_how_much_to_cut(tmp_path: Path) -> None:
    problems = _problems(tmp_path, _card("Talk to an adult you trust. " * 40), CARDS)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.startswith(
        "content/topics/test-topic.yaml:41 key_messages[2].text: card 3 of 5 (page 1) is "
    )
    assert "pt too short; shorten by about " in problem
    assert problem.endswith(" characters (default/en/youth-cards/test-topic)")
    points = int(problem.split(" is ")[1].split(" pt")[0])
    chars = int(problem.split("about ")[1].split(" characters")[0])
    assert 100 < points < 400  # 40 sentences of ~28 characters in a 2.9 in wide column
    assert 200 < chars < 1000


def test_only_the_overfull_card_is_reported(tmp_path: Path) -> None:
    cards = _card("Fine.", "a.yaml:1 first") + _card("Much too long. " * 80, "a.yaml:9 second")
    problems = _problems(tmp_path, cards, CARDS)
    assert len(problems) == 1
    assert problems[0].startswith("a.yaml:9 second: card 3 of 5 (page 2) is ")


def test_document_over_its_page_limit_names_the_list_that_grew(tmp_path: Path) -> None:
    items = "".join(
        f'<li data-src="content/topics/t.yaml:{10 + n} warning_signs[{n}]">Sign {n}</li>'
        for n in range(200)
    )
    problems = _problems(tmp_path, f"<ul>{items}</ul>", TIP_SHEET)
    assert len(problems) == 1
    assert problems[0].startswith("content/topics/t.yaml:")
    assert " warning_signs[" in problems[0]
    assert "parent tip sheet runs " in problems[0]
    assert " pt onto page 3 but must fit on 2; shorten by about " in problems[0]


def test_unbreakable_word_is_a_warning_and_strict_makes_it_an_error(
    content: Path, tmp_path: Path
) -> None:
    from toolkit.builder.pipeline import BuildSettings, build
    from toolkit.documents import Selection

    topic = content / "topics/test-topic.yaml"
    long_word = "0123456789" * 7  # no place to break, not even a syllable
    topic.write_text(
        topic.read_text().replace(
            "description: Report online exploitation.", f"description: See {long_word}"
        )
    )
    selection = Selection(brands=("default",), docs=("tip-sheet",), editions=("digital",))
    [document] = build(BuildSettings(content=content, out=tmp_path, selection=selection))
    [warning] = document.warnings
    assert warning.startswith(
        "content/topics/test-topic.yaml:35 resources[0]: '012345678901234567890123456789012345678…'"
        " runs "
    )
    assert warning.endswith(
        " pt past its column on page 2; add a space or shorten it "
        "(default/en/tip-sheets/test-topic.pdf)"
    )
    strict = BuildSettings(
        content=content, out=tmp_path / "strict", selection=selection, strict=True
    )
    with pytest.raises(RenderError) as caught:
        build(strict)
    assert [str(p) for p in caught.value.problems] == [warning]
    assert not (tmp_path / "strict/default/en/tip-sheets/test-topic.pdf").exists()


def test_a_card_back_too_full_names_the_brand_file(content: Path, tmp_path: Path) -> None:
    from toolkit.builder.pipeline import BuildSettings, build
    from toolkit.documents import Selection
    from toolkit.errors import PartialBuildError

    long = "Open every school day from eight until four, in the office next to the library. " * 3
    brand = content / "brands/acme/brand.yaml"
    brand.write_text(
        brand.read_text()
        + "local_help:\n"
        + "".join(f"  - name: Counselor {n}. {long}\n    description: Ask.\n" for n in (1, 2))
    )
    selection = Selection(brands=("acme",), docs=("youth-cards",), editions=("digital",))
    with pytest.raises(PartialBuildError) as error:
        build(BuildSettings(content=content, out=tmp_path, selection=selection))
    first = str(error.value.problems[0])
    assert first.startswith(
        "content/brands/acme/brand.yaml:13 local_help: the back of every card (page 2) is "
    )
    assert first.endswith("(acme/en/youth-cards/test-topic)")


def test_text_added_early_on_a_page_is_blamed_there_once_per_document(tmp_path: Path) -> None:
    """The report from issue 16: more text in sexting.yaml's what_it_is made the front page
    overflow, and the build blamed how_to_respond[1] (what happened to spill), twice."""
    import shutil

    from toolkit.builder.pipeline import BuildSettings, build
    from toolkit.documents import Selection
    from toolkit.errors import PartialBuildError

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content", content)
    topic = content / "topics/sexting.yaml"
    more = "Young people often do not see the risks, and adults often do not know it happens. "
    text = topic.read_text(encoding="utf-8")
    topic.write_text(text.replace("what_it_is: >-\n", "what_it_is: >-\n  " + more * 10 + "\n"))
    selection = Selection(
        brands=("default",), topics=("sexting",), docs=("tip-sheet",), langs=("en",)
    )

    with pytest.raises(PartialBuildError) as caught:
        build(BuildSettings(content=content, out=tmp_path / "out", selection=selection))

    assert caught.value.failed == 2  # the digital and the print edition
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith(
        "content/topics/sexting.yaml:11 what_it_is: the front page (page 1) is "
    )
    assert "pt too short; shorten by about " in problem
    assert ", here or in the other fields on that page: " in problem
    assert problem.endswith(") (default/en/tip-sheets/sexting)")
