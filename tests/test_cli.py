"""Tests for ``toolkit.cli``: exit codes and messages, and that a failed build changes nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import edit_content, one_tip_sheet_args
from toolkit.cli import main
from toolkit.files import write_atomic

PROJECT = Path(__file__).resolve().parent.parent
TIP_SHEET = Path("default", "en", "tip-sheets", "test-topic.pdf")


def _break_toolkit_yaml(content: Path) -> None:
    """One YAML syntax error, in a file no other file depends on."""
    edit_content(content, "toolkit.yaml", "title: Test Toolkit", "title: [Test Toolkit")


def _misspell_toolkit_fields(content: Path) -> None:
    edit_content(content, "toolkit.yaml", "title: Test Toolkit", "titel: Test Toolkit")
    edit_content(content, "toolkit.yaml", "help:", "halp:")


def _build(content: Path, out: Path, *options: str) -> int:
    return main(["--content", str(content), "--out", str(out), *options])


def test_check_valid_content_prints_summary(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--content", str(content)]) == 0

    captured = capsys.readouterr()
    assert (
        captured.out
        == f"{content}: 1 topics, 1 series, 2 brands, languages en; no problems found.\n"
    )
    assert captured.err == ""


def test_check_one_problem_prints_it_without_a_count(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _break_toolkit_yaml(content)

    assert main(["check", "--content", str(content)]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "error: content/toolkit.yaml:3:9: YAML syntax error: expected ',' or ']', but got ':'\n"
        "Nothing was built; the PDFs already in the output folder are unchanged.\n"
    )


def test_check_several_problems_prints_each_and_a_count(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _misspell_toolkit_fields(content)

    assert main(["check", "--content", str(content)]) == 1

    assert capsys.readouterr().err.splitlines() == [
        "error: content/toolkit.yaml:2:1: title: required field is missing",
        "error: content/toolkit.yaml:2:1: help: required field is missing",
        "error: content/toolkit.yaml:2:1: titel: unknown field (did you mean 'title'?)",
        "error: content/toolkit.yaml:4:1: halp: unknown field (did you mean 'help'?)",
        "4 problems found.",
        "Nothing was built; the PDFs already in the output folder are unchanged.",
    ]


def test_schema_prints_json_with_a_definition_per_file_kind(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema"]) == 0

    schema = json.loads(capsys.readouterr().out)
    assert {"toolkit", "topic", "series", "brand"} <= set(schema["$defs"])


def test_unknown_brand_suggests_a_close_name(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build(content, tmp_path / "out", "--brand", "defualt") == 1

    assert capsys.readouterr().err == (
        "error: unknown brand 'defualt' (did you mean 'default'?); choose from: acme, default\n"
    )
    assert not (tmp_path / "out").exists()


def test_unknown_brand_without_close_name_lists_the_choices(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build(content, tmp_path / "out", "--brand", "nope") == 1

    assert capsys.readouterr().err == "error: unknown brand 'nope'; choose from: acme, default\n"


def test_unknown_topic_suggests_a_close_name(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build(content, tmp_path / "out", "--topic", "test-topik") == 1

    assert capsys.readouterr().err == (
        "error: unknown topic or series 'test-topik' (did you mean 'test-topic'?); "
        "choose from: test-topic, test-series\n"
    )


def test_invalid_doc_kind_is_an_argument_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--doc", "poster"])

    assert caught.value.code == 2
    assert "argument --doc: invalid choice: 'poster'" in capsys.readouterr().err


@pytest.fixture
def tip_sheet(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The output folder after one successful build of the default brand's tip sheet."""
    out = tmp_path / "out"
    assert _build(content, out, "--doc", "tip-sheet", "--brand", "default") == 0
    capsys.readouterr()
    return out


def _hidden_files(out: Path) -> list[Path]:
    """Leftover temporary files (write_atomic names them ".<name>.<random>")."""
    return [p for p in out.rglob(".*") if p.is_file()]


def test_content_error_leaves_earlier_output_untouched(
    content: Path, tip_sheet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (tip_sheet / TIP_SHEET).read_bytes()
    _break_toolkit_yaml(content)

    assert _build(content, tip_sheet, "--doc", "tip-sheet", "--brand", "default") == 1

    assert capsys.readouterr().err.startswith("error: content/toolkit.yaml:3:9: YAML syntax")
    assert (tip_sheet / TIP_SHEET).read_bytes() == before
    assert _hidden_files(tip_sheet) == []


def test_overlong_tip_sheet_fails_and_leaves_earlier_output_untouched(
    content: Path, tip_sheet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (tip_sheet / TIP_SHEET).read_bytes()
    signs = "".join(
        f"  - Warning sign {n}, a long sentence that takes up a whole line on the page.\n"
        for n in range(60)
    )
    edit_content(content, "topics/test-topic.yaml", "warning_signs:\n", f"warning_signs:\n{signs}")

    assert _build(content, tip_sheet, "--doc", "tip-sheet", "--brand", "default") == 1

    # Both editions fail; the problem is the same, so it is reported once, at the longest
    # field on the overfull page. A failure does not stop the other documents.
    assert re.fullmatch(
        r"error: content/topics/test-topic\.yaml:12 warning_signs\[0\]: the front page "
        r"\(page 1\) is \d+ pt too short; shorten by about \d+ characters, here or in the "
        r"other fields on that page: [^\n]+ \(default/en/tip-sheets/test-topic\)\n",
        capsys.readouterr().err,
    )
    assert (tip_sheet / TIP_SHEET).read_bytes() == before
    assert _hidden_files(tip_sheet) == []


def _check_in_subprocess(content: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "build_pdfs.py", "check", "--content", str(content), *options],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_script_reports_content_error_without_traceback(content: Path) -> None:
    _break_toolkit_yaml(content)

    result = _check_in_subprocess(content)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        "error: content/toolkit.yaml:3:9: YAML syntax error: expected ',' or ']', but got ':'\n"
        "Nothing was built; the PDFs already in the output folder are unchanged.\n"
    )


def test_script_verbose_shows_the_traceback(content: Path) -> None:
    _break_toolkit_yaml(content)

    result = _check_in_subprocess(content, "--verbose")

    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert result.stderr.splitlines()[-1] == (
        "toolkit.errors.ContentError: content/toolkit.yaml:3:9: "
        "YAML syntax error: expected ',' or ']', but got ':'"
    )


def test_write_atomic_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"old")

    write_atomic(path, b"new")

    assert path.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [path]


def test_write_atomic_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "brand" / "en" / "doc.pdf"

    write_atomic(path, b"new")

    assert path.read_bytes() == b"new"


def test_write_atomic_failure_keeps_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"old")

    def fail_replace(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail_replace)

    with pytest.raises(OSError, match=r"^disk full$"):
        write_atomic(path, b"new")

    assert path.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [path]


def test_builds_are_byte_identical_across_directories_time_zones_and_hash_seeds(
    tmp_path: Path,
) -> None:
    fixture = Path(__file__).parent / "fixtures" / "content"
    digests = []
    for run, (tz, lang, seed) in enumerate([("UTC", "C.UTF-8", "1"), ("Asia/Tokyo", "C", "2")]):
        workdir = tmp_path / f"cwd{run}"
        workdir.mkdir()
        env = {
            **os.environ,
            "TZ": tz,
            "LANG": lang,
            "PYTHONHASHSEED": seed,
            "SOURCE_DATE_EPOCH": "1767225600",
        }
        out = tmp_path / f"out{run}"
        subprocess.run(
            [
                sys.executable,
                str(PROJECT / "build_pdfs.py"),
                "--content",
                str(fixture),
                "--out",
                str(out),
                "--brand",
                "acme",
            ],
            cwd=workdir,
            env=env,
            check=True,
            capture_output=True,
        )
        digests.append(
            {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}
        )
    assert len(digests[0]) == 6
    assert digests[0] == digests[1]
    manifest = json.loads((tmp_path / "out0/acme/manifest.json").read_text())
    assert manifest["created"] == "2026-01-01T00:00:00Z"


def test_new_topic_and_new_brand_write_starters_that_pass_check_with_placeholder_warnings(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-topic", "gaming-safety", "--content", str(content)]) == 0
    assert main(["new-brand", "lincoln-middle", "--content", str(content)]) == 0
    assert (content / "topics/gaming-safety.yaml").is_file()
    assert (content / "brands/lincoln-middle/logo.svg").is_file()
    capsys.readouterr()

    assert main(["check", "--content", str(content)]) == 0

    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1].endswith(
        "2 topics, 1 series, 3 brands, languages en; 17 warnings."
    )
    warnings = captured.err.splitlines()
    assert len(warnings) == 17
    assert warnings[0] == (
        "warning: content/topics/gaming-safety.yaml:11: summary: 'Replace this: one line on "
        "what parents will learn' is a placeholder: write your own text here"
    )
    brand = "warning: content/brands/lincoln-middle/brand.yaml"
    assert warnings[-4:] == [
        f"{brand}:28: contact.email: 'info@example.org' is a placeholder: example addresses "
        "reach no one; put in your own, or delete the line",
        f"{brand}:29: contact.website: 'https://example.org/lincoln-middle' is a placeholder: "
        "example addresses reach no one; put in your own, or delete the line",
        f"{brand}:32: footer: 'Replace this: a short line for the footer, such a…' is a "
        "placeholder: write your own text here",
        f"{brand}:14: logo.file: logo.svg is the placeholder logo new-brand made; replace it "
        "with your organization's own (an SVG, or a PNG or JPEG at least 800 pixels wide)",
    ]
    assert main(["check", "--strict", "--content", str(content)]) == 1


def test_a_build_warns_about_placeholders_and_strict_fails(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_content(
        content, "topics/test-topic.yaml", "title: Test Topic", "title: Replace this title"
    )
    options = one_tip_sheet_args(content, tmp_path, "--edition", "digital")
    placeholder = (
        "content/topics/test-topic.yaml:1: title: 'Replace this title' is a placeholder: "
        "write your own text here"
    )

    assert main(options) == 0
    assert capsys.readouterr().err == f"warning: {placeholder}\n"
    assert main([*options, "--strict"]) == 1
    assert capsys.readouterr().err == (
        f"error: {placeholder}\n"
        "Nothing was built; the PDFs already in the output folder are unchanged.\n"
    )


def test_new_topic_without_a_name_says_how(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-topic", "--content", str(content)]) == 1
    assert capsys.readouterr().err == (
        "error: new-topic needs a name, for example: new-topic my-name\n"
    )


def test_json_summary_counts_rebuilt_and_reused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture = Path(__file__).parent / "fixtures" / "content"
    options = one_tip_sheet_args(fixture, tmp_path, "--json")
    assert main(options) == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["rebuilt"], first["reused"], first["failed"]) == (2, 0, 0)
    assert main(options) == 0
    second = json.loads(capsys.readouterr().out)
    assert (second["rebuilt"], second["reused"]) == (0, 2)
    assert second["gallery"] == str(tmp_path / "index.html")
    assert [doc["status"] for doc in second["documents"]] == ["reused", "reused"]


def test_summary_table_has_no_colour_codes_outside_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture = Path(__file__).parent / "fixtures" / "content"
    assert main(one_tip_sheet_args(fixture, tmp_path, "--edition", "digital")) == 0
    out = capsys.readouterr().out
    assert "Build summary" in out
    assert "Rendered" in out
    assert "\x1b[" not in out


def test_docs_images_command_is_wired(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import toolkit.cli.project_files

    calls = []
    monkeypatch.setattr(
        toolkit.cli.project_files,
        "write_showcase",
        lambda docs, content, templates: calls.append(docs) or [],
    )
    assert main(["docs-images"]) == 0
    assert calls == [PROJECT / "docs"]


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from toolkit.cli import COMMANDS

    assert main(["help"]) == 0

    out = capsys.readouterr().out
    assert out.startswith("usage: build_pdfs.py [-h] COMMAND ...\n")
    assert all(f"\n    {command.name}" in out for command in COMMANDS)
    assert "Each command has its own options and an example: build_pdfs.py help COMMAND" in out


@pytest.mark.parametrize("argv", [["check", "--help"], ["--content", "x", "check", "-h"]])
def test_a_commands_help_option_shows_its_own_help(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)

    assert caught.value.code == 0
    shown = capsys.readouterr().out
    assert main(["help", "check"]) == 0
    assert shown == capsys.readouterr().out


def test_help_command_shows_a_commands_usage_options_and_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["help", "check"]) == 0

    out = capsys.readouterr().out
    assert out.startswith("usage: build_pdfs.py check [-h] [--content DIR] [--strict] [--links]")
    assert "--max-age YEARS" in out
    assert "--card-size" not in out  # a build option, not check's
    assert out.endswith("example:\n  build_pdfs.py check --links\n")


def test_help_of_an_unknown_command_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["help", "chek"])

    assert caught.value.code == 2
    assert "argument COMMAND: invalid choice: 'chek' (choose from build, check," in (
        capsys.readouterr().err.replace("'build', 'check',", "build, check,")
    )


def test_every_commands_example_parses() -> None:
    from toolkit.cli import COMMANDS, parse_args

    for command in COMMANDS:
        argv = command.example.split(">")[0].split()
        assert parse_args(argv).command == command.name, command.example


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        ([], "build"),
        (["--brand", "x"], "build"),
        (["--content", "c", "check"], "check"),
        (["--topic", "check", "--brand", "x"], "build"),  # "check" is --topic's value here
        (["new-topic", "gaming-safety"], "new-topic"),
    ],
)
def test_options_may_come_first_and_no_command_means_build(argv: list[str], command: str) -> None:
    from toolkit.cli import parse_args

    assert parse_args(argv).command == command


def test_build_without_harfbuzz_subset_says_once_how_to_go_faster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ctypes.util

    from weasyprint.pdf import fonts

    real = ctypes.util.find_library
    monkeypatch.setattr(
        ctypes.util, "find_library", lambda name: None if name == "harfbuzz-subset" else real(name)
    )
    monkeypatch.setattr(fonts, "harfbuzz_subset", None)  # WeasyPrint subsets with fontTools
    fixture = Path(__file__).parent / "fixtures" / "content"

    assert main(one_tip_sheet_args(fixture, tmp_path, "--edition", "digital")) == 0

    assert capsys.readouterr().err == (
        "note: libharfbuzz-subset0 is not installed; installing it makes builds faster (fonts "
        "are subset by HarfBuzz, not fontTools):  sudo apt-get install -y libharfbuzz-subset0\n"
    )
    assert (tmp_path / "default/en/tip-sheets/test-topic.pdf").read_bytes().startswith(b"%PDF")


def _project_copy(tmp_path: Path, venv: bool) -> Path:
    """The entry script beside the real package, with or without a .venv (a link to the
    one running these tests)."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "build_pdfs.py").write_bytes((PROJECT / "build_pdfs.py").read_bytes())
    (project / "toolkit").symlink_to(PROJECT / "toolkit")
    if venv:
        (project / ".venv").symlink_to(Path(sys.prefix))
    return project


def _without_site_packages(project: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run the script with a Python that cannot see the installed libraries (-S: no site)."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "TOOLKIT_REEXECUTED"}}
    command = [sys.executable, "-S", str(project / "build_pdfs.py"), *argv]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_script_reruns_itself_with_the_projects_venv(tmp_path: Path) -> None:
    result = _without_site_packages(_project_copy(tmp_path, venv=True), "help", "check")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: build_pdfs.py check [-h]")


def test_script_without_venv_says_to_run_make_pdfs_first(tmp_path: Path) -> None:
    project = _project_copy(tmp_path, venv=False)

    result = _without_site_packages(project, "help")

    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("build_pdfs.py: this Python has no module '")
    assert line.endswith(
        f"and there is no {project / '.venv'}; run `make pdfs` in {project} first, which "
        "installs the toolkit into .venv/"
    )


DOCUMENTED = re.compile(r"(?<![\w/.])(?:\.venv/bin/)?python3? build_pdfs\.py([^`\n#<>|]*)")


def _documented_commands() -> list[tuple[str, str]]:
    """(file, command line) for every build_pdfs.py command the docs and messages show."""
    files = [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]
    files += [PROJECT / "templates/gallery.html", *sorted((PROJECT / "toolkit").rglob("*.py"))]
    return [
        (path.name, match.group(0).strip())
        for path in files
        for match in DOCUMENTED.finditer(path.read_text(encoding="utf-8"))
    ]


def test_every_documented_command_works_as_written() -> None:
    from toolkit.cli import parse_args

    shown = _documented_commands()
    assert len(shown) > 40
    for name, command in shown:
        # a bare "python" is not on every machine, and outside .venv it lacks the libraries
        assert command.split()[0] in {".venv/bin/python", "python3"}, (name, command)
        argv = [word for word in command.split()[2:] if word not in {"…", "...", "\\"}]
        parse_args(argv)  # exits on an unknown command or option
