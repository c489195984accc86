"""Reading the recipients file: columns, encodings, every problem at once, and safe slugs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.content.recipients import (
    SAVE_AS_UTF8,
    WINDOWS_RESERVED,
    Recipient,
    read_recipients,
    slugify,
    unique_slug,
)
from toolkit.errors import ContentError

HEADER = "name,contact,phone,email,website\n"
COLUMNS = "the columns are name, contact, phone, email, website, slug"


def _write(tmp_path: Path, text: str | bytes, name: str = "schools.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        read_recipients(path)
    return [str(problem) for problem in caught.value.problems]


def test_reads_every_column_and_makes_slugs(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER + 'St. Mary\'s / K-8,"Ms. Rivera, counselor",(555) 010-0123,'
        "a@stmarys.org,www.stmarys.org\n"
        "Escuela Niños Héroes,,,,\n",
    )
    recipients = list(read_recipients(path))
    assert recipients == [
        Recipient(
            2,
            "St. Mary's / K-8",
            "st-marys-k-8",
            "Ms. Rivera, counselor",
            "(555) 010-0123",
            "a@stmarys.org",
            "www.stmarys.org",
        ),
        Recipient(3, "Escuela Niños Héroes", "escuela-ninos-heroes"),
    ]


def test_byte_order_mark_blank_lines_spaces_and_header_case_are_fine(tmp_path: Path) -> None:
    text = "\ufeffName , Phone\n\n  Lincoln   Elementary  , 555-0100 \n\n"
    recipients = list(read_recipients(_write(tmp_path, text.encode("utf-8"))))
    assert recipients == [
        Recipient(3, "Lincoln Elementary", "lincoln-elementary", phone="555-0100")
    ]


def test_semicolons_from_european_spreadsheets(tmp_path: Path) -> None:
    path = _write(tmp_path, "name;phone\nÉcole Jules-Verne;+33 1 23 45 67 89\n")
    [recipient] = read_recipients(path)
    assert (recipient.name, recipient.phone) == ("École Jules-Verne", "+33 1 23 45 67 89")


def test_quoted_cells_may_span_lines_and_rows_keep_their_first_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name,email\n"Lincoln, West",x@y.org\nOak,oops\n')
    assert _problems(path) == ["schools.csv:3: column 'email': 'oops' is not an e-mail address"]


def test_every_problem_is_reported_at_once_with_line_and_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "name,phon,email,website\n"
        "Oak Elementary,555-0100,oak@,oak.example.org\n"
        ",555,a@b.org,\n"
        "Pine,,,javascript:alert(1)\n",
    )
    assert _problems(path) == [
        f"schools.csv:1: column 'phon': unknown column (did you mean 'phone'?); {COLUMNS}",
        "schools.csv:2: column 'email': 'oak@' is not an e-mail address",
        "schools.csv:3: column 'name': is empty; every recipient needs a name",
        "schools.csv:4: column 'website': 'javascript:alert(1)' is not a web address "
        "(like www.example.org or https://example.org)",
    ]


def test_unknown_column_without_a_close_match(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,shoe size\nOak,9\n")
    assert _problems(path) == [f"schools.csv:1: column 'shoe size': unknown column; {COLUMNS}"]


def test_missing_name_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "school,phone\nOak,555-0100\n")
    assert _problems(path) == [
        f"schools.csv:1: column 'school': unknown column; {COLUMNS}",
        "schools.csv:1: the header has no 'name' column (the one column every row needs)",
    ]


def test_repeated_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,phone,Phone\nOak,555-0100,555-0101\n")
    assert _problems(path) == ["schools.csv:1: column 'phone': this column appears twice"]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "phone",
            "555-O100",
            "'555-O100' is not a phone number (use digits, spaces and + ( ) - . /)",
        ),
        ("phone", "12", "'12' is not a phone number (use digits, spaces and + ( ) - . /)"),
        ("email", "counselor at oak.org", "'counselor at oak.org' is not an e-mail address"),
        ("name", "Oak 🏫", "the bundled font cannot print '🏫' (U+1F3EB); remove or replace it"),
        ("contact", "x" * 101, "is 101 characters long; at most 100"),
        (
            "slug",
            "Oak School",
            "'Oak School' cannot be a folder name; use a-z, 0-9 and single '-' "
            "(not con, aux, nul, com1...), or leave it empty",
        ),
        (
            "slug",
            "nul",
            "'nul' cannot be a folder name; use a-z, 0-9 and single '-' "
            "(not con, aux, nul, com1...), or leave it empty",
        ),
    ],
)
def test_cell_problems(tmp_path: Path, column: str, value: str, message: str) -> None:
    cells = {"name": "Oak", column: value}
    path = _write(tmp_path, ",".join(cells) + "\n" + ",".join(cells.values()) + "\n")
    assert _problems(path) == [f"schools.csv:2: column '{column}': {message}"]


def test_phone_extensions_and_international_numbers_are_fine(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,phone\nA,+1 (555) 010-0123 ext. 12\nB,555.010.0123 x4\n")
    assert [r.phone for r in read_recipients(path)] == [
        "+1 (555) 010-0123 ext. 12",
        "555.010.0123 x4",
    ]


def test_not_utf8_names_row_and_column_and_says_how_to_save(tmp_path: Path) -> None:
    data = "name,contact\nOak,Ana\nEscuela Niños Héroes,Señor Ruiz\n".encode("cp1252")
    assert _problems(_write(tmp_path, data)) == [
        "schools.csv:3: column 'name': is not UTF-8 text (byte 0xF1; in Windows-1252 it would "
        f"read 'Escuela Niños Héroes'); {SAVE_AS_UTF8}",
        "schools.csv:3: column 'contact': is not UTF-8 text (byte 0xF1; in Windows-1252 it would "
        f"read 'Señor Ruiz'); {SAVE_AS_UTF8}",
    ]
    assert "Excel: File > Save As > 'CSV UTF-8 (Comma delimited)'" in SAVE_AS_UTF8


def test_utf16_from_excel_unicode_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "name\nOak\n".encode("utf-16"))
    assert _problems(path) == [
        f"schools.csv: the file is UTF-16 text (Excel's 'Unicode Text'); {SAVE_AS_UTF8}"
    ]


def test_extra_cells_in_a_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,phone\nOak, Elementary,555-0100\n")
    assert _problems(path) == [
        "schools.csv:2: this row has 3 cells but the header names 2 columns "
        "(a comma inside a value needs quotes around the value)",
        "schools.csv:2: column 'phone': 'Elementary' is not a phone number "
        "(use digits, spaces and + ( ) - . /)",
    ]


def test_control_characters(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name\n"Oak\x07"\n')
    assert _problems(path) == [
        "schools.csv:2: column 'name': contains a control character "
        "(a tab or a line break inside the cell?)"
    ]


def test_empty_file_and_header_only(tmp_path: Path) -> None:
    assert _problems(_write(tmp_path, "")) == [
        "schools.csv: the first line must name the columns, e.g. "
        "name,contact,phone,email,website,slug"
    ]
    assert _problems(_write(tmp_path, HEADER)) == [
        "schools.csv: no recipients found; add one row per recipient"
    ]


def test_file_must_exist_and_be_csv_or_yaml(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"schools.xlsx: a recipients file must be"):
        read_recipients(_write(tmp_path, "x", "schools.xlsx"))
    with pytest.raises(ContentError, match=r"nowhere.csv: no such recipients file"):
        read_recipients(tmp_path / "nowhere.csv")


def test_yaml_list_of_mappings(tmp_path: Path) -> None:
    text = (
        "# district list\n- name: Oak Elementary\n  phone: 5550100\n- name: Pine\n  slug: pine-k8\n"
    )
    recipients = list(read_recipients(_write(tmp_path, text, "schools.yaml")))
    assert recipients == [
        Recipient(2, "Oak Elementary", "oak-elementary", phone="5550100"),
        Recipient(4, "Pine", "pine-k8"),
    ]


def test_yaml_problems_have_lines(tmp_path: Path) -> None:
    text = "- name: Oak\n  phon: 555\n- Pine\n- name: [a, b]\n- name: Elm\n  email: nope\n"
    assert _problems(_write(tmp_path, text, "schools.yaml")) == [
        f"schools.yaml:2: column 'phon': unknown column (did you mean 'phone'?); {COLUMNS}",
        "schools.yaml:3: each recipient must be a mapping (name: ...)",
        "schools.yaml:4: column 'name': must be text, not a list or mapping",
        "schools.yaml:4: column 'name': is empty; every recipient needs a name",
        "schools.yaml:6: column 'email': 'nope' is not an e-mail address",
    ]


def test_yaml_that_is_not_a_list_or_not_yaml(tmp_path: Path) -> None:
    assert _problems(_write(tmp_path, "name: Oak\n", "schools.yml")) == [
        "schools.yml:1: must be a list of recipients, each starting with '- name: ...'"
    ]
    assert _problems(_write(tmp_path, "- name: [Oak\n", "schools.yml")) == [
        "schools.yml:2: not valid YAML: expected ',' or ']', but got '<stream end>'"
    ]
    assert _problems(_write(tmp_path, "- name: Ni\xf1os\n".encode("latin-1"), "bad.yaml")) == [
        f"bad.yaml:1: not UTF-8 text (byte 0xF1); {SAVE_AS_UTF8}"
    ]


def test_given_slugs_are_kept_and_must_be_unique(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,slug\nOak,oak\nOak Two,oak\n")
    assert _problems(path) == ["schools.csv:3: column 'slug': slug 'oak' is already used on line 2"]
    path = _write(tmp_path, "name,slug\nOak,\nElm,oak\n")
    assert [r.slug for r in read_recipients(path)] == ["oak-2", "oak"]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("St. Mary's / K-8", "st-marys-k-8"),
        ("St. Mary’s", "st-marys"),
        ("Escuela Niños Héroes", "escuela-ninos-heroes"),
        ("École Saint-Exupéry (Montréal)", "ecole-saint-exupery-montreal"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\System32", "c-windows-system32"),
        ("Ｆｕｌｌｗｉｄｔｈ Ｓｃｈｏｏｌ", "fullwidth-school"),
        ("🏫🎒", ""),
        ("  --  ", ""),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slugs_are_capped_at_a_word_boundary() -> None:
    name = "The Very Long Name Of A Combined Elementary And Middle School District Number Seven"
    assert slugify(name) == "the-very-long-name-of-a-combined-elementary-and-middle"
    assert len(slugify("x" * 200)) == 60


def test_unique_slug_for_reserved_empty_and_repeated_names() -> None:
    taken: set[str] = set()
    slugs = []
    for position, name in enumerate(["CON", "aux", "Com1", "🏫", "Oak", "Oak", "OAK!", "oak-2"], 1):
        slugs.append(unique_slug(slugify(name), taken, position))
        taken.add(slugs[-1])
    assert slugs == [
        "con-recipient",
        "aux-recipient",
        "com1-recipient",
        "recipient-4",
        "oak",
        "oak-2",
        "oak-3",
        "oak-2-2",
    ]


def test_every_slug_is_a_safe_unique_folder_name(tmp_path: Path) -> None:
    names = [
        "St. Mary's / K-8", "CON", "con", "nul.txt", "../../etc", "..", ".", "🏫", "🏫",
        "Oak", "oak", "OAK", "a" * 90, "a" * 90, "Ünïcödé", "x/y\\z:*?\"<>|", "LPT9",
    ]  # fmt: skip
    path = _write(tmp_path, "name\n" + "\n".join(f'"{n}"' for n in names if "🏫" not in n) + "\n")
    slugs = [r.slug for r in read_recipients(path)]
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert len(slug) <= 64
        assert slug not in WINDOWS_RESERVED
        (tmp_path / "folders" / slug).mkdir(parents=True)  # really is a folder name here
