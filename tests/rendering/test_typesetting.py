"""Typesetting measured from the layout boxes, on small pages whose layout is known."""

from __future__ import annotations

from toolkit.rendering.typesetting import (
    OneWordLine,
    SmallText,
    Typesetting,
    measure_html,
)

PAGE = "@page { size: 100pt 200pt; margin: 0 } body { margin: 0; font-size: 10pt }"
NARROW = "width: 1px"  # every break opportunity is taken: one word (or syllable) per line


def measured(body: str, style: str = "") -> Typesetting:
    return measure_html(
        f"<!doctype html><html lang='en'><style>{PAGE} {style}</style><body>{body}</body></html>"
    )


def test_a_paragraph_ending_in_one_word_is_named_with_its_source() -> None:
    page = measured(
        f'<p data-src="topics/x.yaml:41 tips[2]" style="{NARROW}">Call them now.</p>'
    ).pages[0]
    assert page.one_word_lines == [OneWordLine("now.", "p", "topics/x.yaml:41 tips[2]")]


def test_list_items_count_and_two_words_on_the_last_line_do_not() -> None:
    body = (
        f'<ul><li style="{NARROW}">Block the account.</li>'
        f'<li style="{NARROW}">Save <span style="white-space: nowrap">the messages.</span></li>'
        "</ul>"
    )
    assert [line.word for line in measured(body).pages[0].one_word_lines] == ["account."]


def test_one_line_blocks_headings_and_lines_after_a_break_are_not_one_word_last_lines() -> None:
    body = (
        f'<p>Alone.</p><h2 style="{NARROW}">Two words</h2>'
        f'<p style="{NARROW}">555-1234<br>example.org</p>'
    )
    assert measured(body).pages[0].one_word_lines == []


def test_a_paragraph_split_over_two_pages_is_judged_where_it_ends() -> None:
    body = f'<div style="height: 180pt"></div><p style="{NARROW}">One two three four five.</p>'
    document = measured(body, "p { orphans: 1; widows: 1; line-height: 12pt }")
    assert len(document.pages) == 2
    assert document.pages[0].one_word_lines == []
    assert document.pages[1].one_word_lines == [OneWordLine("five.", "p")]


def test_a_hyphen_ladder_is_counted_with_its_longest_run() -> None:
    body = (
        f'<p style="{NARROW}; hyphens: manual">hyp&shy;hen&shy;at&shy;ed</p>'
        f'<p style="{NARROW}; hyphens: manual">on&shy;ce</p>'
    )
    page = measured(body).pages[0]
    assert (page.hyphenated_lines, page.longest_hyphen_run) == (4, 3)
    assert page.heading_hyphens == []


def test_real_hyphens_are_not_hyphenated_line_ends() -> None:
    page = measured(f'<p style="{NARROW}">ages 10- 17 well-known</p>').pages[0]
    assert page.hyphenated_lines == 0


def test_hyphens_in_headings_titles_and_covers_are_named() -> None:
    body = (
        f'<h1 style="{NARROW}">sex&shy;tortion</h1>'
        f'<section class="cover"><p style="{NARROW}">cap&shy;tación</p></section>'
        f'<p class="episode-title" style="{NARROW}">on&shy;line</p>'
        f'<p style="{NARROW}">body&shy;text</p>'
    )
    assert measured(body).pages[0].heading_hyphens == ["sex‐", "cap‐", "on‐"]


def test_text_under_6_pt_is_listed_once_per_element() -> None:
    body = (
        '<p style="font-size: 5pt">Tiny <strong>print</strong> here</p>'
        '<p style="font-size: 6pt">Six is enough</p>'
    )
    assert measured(body).pages[0].small_text == [
        SmallText(5.0, "p", "Tiny here"),
        SmallText(5.0, "strong", "print"),
    ]


def test_fill_is_how_far_down_the_content_reaches() -> None:
    body = '<div style="height: 90pt"></div><p style="margin: 0; line-height: 10pt">Half.</p>'
    assert measured(body).pages[0].fill == 0.5


def test_fill_counts_rules_but_not_colour_frames_or_pinned_lines() -> None:
    body = (
        '<div style="height: 200pt; border: 1pt solid red; background: navy; box-sizing: '
        'border-box">'
        '<div style="height: 48pt; border-bottom: 1pt solid grey"></div>'
        '<p style="position: absolute; bottom: 0; margin: 0">1/9</p></div>'
    )
    assert measured(body).pages[0].fill == 0.25


def test_fill_is_measured_inside_the_page_margins_and_pages_name_their_classes() -> None:
    body = (
        '<article class="card card-front"><p style="margin: 0; line-height: 40pt">Hi</p></article>'
    )
    page = measured(body, "@page { margin: 20pt }").pages[0]
    assert (page.fill, page.classes) == (0.25, ["card", "card-front"])


def test_the_record_reads_back_as_the_same_measures() -> None:
    document = measured(f'<p style="{NARROW}; font-size: 5pt">a&shy;b c</p>')
    assert Typesetting.from_record(document.as_record()) == document
    assert (document.one_word_lines, document.hyphenated_lines) == (1, 1)
