"""Reading the recipients file: columns, encodings, every problem at once, and safe slugs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.content.recipients import (
    SAVE_AS_UTF8,
    ReadOptions,
    Recipient,
    parse_column_option,
    read_recipients,
)
from toolkit.errors import ContentError
from toolkit.files import WINDOWS_RESERVED, slugify, unique_slug

HEADER = "name,contact,phone,email,website\n"
COLUMNS = "the columns are name, contact, phone, email, website, language, slug"


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
        "schools.csv:2: column 'email': 'oak@' is not an e-mail address",
        "schools.csv:3: column 'name': is empty; every recipient needs a name",
        "schools.csv:4: column 'website': 'javascript:alert(1)' is not a web address "
        "(like www.example.org or https://example.org)",
    ]


def test_extra_columns_are_ignored_with_one_note_naming_them(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,shoe size,Phon,Principal\nOak,9,555-0100,Ms. Lee\n")
    recipients = read_recipients(path)
    assert list(recipients) == [Recipient(2, "Oak", "oak")]
    assert [str(note) for note in recipients.warnings] == [
        "schools.csv:1: ignored columns 'shoe size', 'Phon' (did you mean 'phone'?), "
        "'Principal'; the columns used are name, contact, phone, email, website, language, "
        'slug (--column "Header=field" uses another)'
    ]


def test_missing_name_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "title,phone\nOak,555-0100\n")
    assert _problems(path) == [
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
        "name,contact,phone,email,website,language,slug"
    ]
    assert _problems(_write(tmp_path, HEADER)) == [
        "schools.csv: no recipients found; add one row per recipient"
    ]


def test_file_must_exist_and_be_csv_or_yaml(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"schools.txt: a recipients file must be .csv, .xlsx"):
        read_recipients(_write(tmp_path, "x", "schools.txt"))
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
        "Oak", "oak", "OAK", "a" * 90, "a" * 90, "Ünïcödé", "x/y\\z:*?\"\"<>|", "LPT9",
    ]  # fmt: skip
    path = _write(tmp_path, "name\n" + "\n".join(f'"{n}"' for n in names if "🏫" not in n) + "\n")
    slugs = [r.slug for r in read_recipients(path)]
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert len(slug) <= 64
        assert slug not in WINDOWS_RESERVED
        (tmp_path / "folders" / slug).mkdir(parents=True)  # really is a folder name here


def test_excel_style_csv_with_synonyms_bom_crlf_and_semicolons(tmp_path: Path) -> None:
    text = (
        "\ufeffSchool Name;Counselor;E-mail Address;Phone Number;Language;Principal\r\n"
        "Lincoln Elementary;Ms. Rivera;rivera@lincoln.example.org;555-0100;EN;Mr. Ortiz\r\n"
        "Escuela Niños Héroes;Sra. Ruiz;ruiz@heroes.example.org;555-0101;es;Sr. Paz\r\n"
    )
    recipients = read_recipients(_write(tmp_path, text.encode("utf-8")))
    assert list(recipients) == [
        Recipient(
            2, "Lincoln Elementary", "lincoln-elementary", "Ms. Rivera", "555-0100",
            "rivera@lincoln.example.org", language="en",
        ),
        Recipient(
            3, "Escuela Niños Héroes", "escuela-ninos-heroes", "Sra. Ruiz", "555-0101",
            "ruiz@heroes.example.org", language="es",
        ),
    ]  # fmt: skip
    assert [note.message for note in recipients.warnings] == [
        "ignored column 'Principal'; the columns used are name, contact, phone, email, "
        'website, language, slug (--column "Header=field" uses another)'
    ]


def test_column_option_maps_any_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "Campus,Principal,Counselor\nOak,Mr. Ortiz,Ms. Lee\n")
    options = ReadOptions(columns=(parse_column_option("principal = contact"), ("Campus", "name")))
    [oak] = read_recipients(path, options)
    assert (oak.name, oak.contact) == ("Oak", "Mr. Ortiz")  # "Counselor" is ignored now
    assert parse_column_option("Lugar=NAME") == ("Lugar", "name")
    with pytest.raises(ContentError) as caught:
        parse_column_option("Principal")
    assert str(caught.value) == (
        "--column 'Principal': write it as \"Header=field\", the field one of name, contact, "
        "phone, email, website, language, slug"
    )
    missing = ReadOptions(columns=(("Director", "contact"), ("Campus", "name")))
    with pytest.raises(ContentError) as caught:
        read_recipients(path, missing)
    assert [str(p) for p in caught.value.problems] == [
        "schools.csv:1: --column \"Director=contact\": the file has no column 'Director'; its "
        "columns are 'Campus', 'Principal', 'Counselor'"
    ]


def test_two_headers_meaning_the_same_field(tmp_path: Path) -> None:
    path = _write(tmp_path, "School,School Name\nOak,Oak Elementary\n")
    assert _problems(path) == [
        "schools.csv:1: column 'school name': this column and column 'School' both hold "
        "'name'; keep one"
    ]


def test_the_same_school_twice_is_a_warning_naming_both_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "name\nOak Elementary\nPine\noak  elementary\n")
    recipients = read_recipients(path)
    assert [r.slug for r in recipients] == ["oak-elementary", "pine", "oak-elementary-2"]
    assert [str(w) for w in recipients.warnings] == [
        "schools.csv:4: 'oak elementary' is also on line 2; each row gets its own copies"
    ]


def test_an_unclosed_quote_is_reported_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name,email\nOak,a@b.org\n"Lincoln, West,x@y.org\nPine,c@d.org\n')
    assert _problems(path) == [
        'schools.csv:3: a quote (") opened on this line is never closed; close it or remove it'
    ]
    path = _write(tmp_path, 'name,email\nOak,a@b.org\n"Lincoln" West,x@y.org\nPine,c@d.org\n')
    assert _problems(path) == [
        'schools.csv:3: a quote (") inside a quoted cell, on line 3: double it ("") or remove it'
    ]


def test_a_cell_over_128_kb_is_refused_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,contact\nOak,Ms. Lee\nPine," + "x" * 140_000 + "\nElm,\n")
    assert _problems(path) == [
        "schools.csv:3: a cell is longer than 128 KB; no recipient field needs that"
    ]


def test_windows_1252_still_gets_the_clear_message(tmp_path: Path) -> None:
    data = "School;Counselor\r\nNiños;Peña\r\n".encode("cp1252")
    assert _problems(_write(tmp_path, data))[0] == (
        "schools.csv:2: column 'name': is not UTF-8 text (byte 0xF1; in Windows-1252 it would "
        f"read 'Niños'); {SAVE_AS_UTF8}"
    )


def test_a_language_must_be_a_code(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,language\nOak,Spanish\n")
    assert _problems(path) == [
        "schools.csv:2: column 'language': 'spanish' is not a language code (like en or es)"
    ]


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_xlsx_first_sheet_or_the_one_named(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "district.xlsx",
        {
            "Notes": [["Updated by the district office"]],
            "Schools": [
                ["School Name", "Counselor", "Email", "Phone Number"],
                ["Oak Elementary", "Ms. Lee", "lee@oak.example.org", 5550100],
                [None, None, None, None],
                ["Pine Middle", None, "office@pine.example.org", None],
            ],
        },
    )
    recipients = read_recipients(path, ReadOptions(sheet="Schools"))
    assert list(recipients) == [
        Recipient(
            2, "Oak Elementary", "oak-elementary", "Ms. Lee", "5550100", "lee@oak.example.org"
        ),
        Recipient(4, "Pine Middle", "pine-middle", email="office@pine.example.org"),
    ]  # fmt: skip
    with pytest.raises(ContentError) as caught:
        read_recipients(path)  # the first sheet has no name column
    assert [str(p) for p in caught.value.problems] == [
        "district.xlsx:1: the header has no 'name' column (the one column every row needs)"
    ]
    with pytest.raises(ContentError) as caught:
        read_recipients(path, ReadOptions(sheet="Sheet9"))
    assert (
        str(caught.value)
        == "district.xlsx: has no sheet 'Sheet9'; its sheets are 'Notes', 'Schools'"
    )


def test_a_damaged_xlsx(tmp_path: Path) -> None:
    assert _problems(_write(tmp_path, b"PK\x03\x04 not really", "schools.xlsx")) == [
        "schools.xlsx: cannot be read as an Excel workbook (BadZipFile); save it again"
    ]


def test_yaml_aliases_and_merge_keys_are_refused(tmp_path: Path) -> None:
    bomb = "- name: &a Oak\n  contact: [*a, *a, *a]\n- name: *a\n"
    problems = _problems(_write(tmp_path, bomb, "schools.yaml"))
    assert len(problems) == 1
    assert problems[0].startswith("schools.yaml:2:13: YAML aliases (*a) are not allowed")
    merged = "- &oak\n  name: Oak\n- <<: *oak\n  email: a@b.org\n"
    assert _problems(_write(tmp_path, merged, "merge.yaml"))[0].startswith(
        "merge.yaml:3:7: YAML aliases (*oak) are not allowed"
    )
    merge_only = "- name: Oak\n  <<: {email: a@b.org}\n"
    assert _problems(_write(tmp_path, merge_only, "merge.yaml")) == [
        "merge.yaml:2: column '<<': YAML merge keys (<<) are not allowed"
    ]
