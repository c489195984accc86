"""The brand page's requests: checks by field, uploads checked as the CLI does, names, save."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.conftest import load_problems
from tests.studio.conftest import TOKEN, page_form
from toolkit.cli import main
from toolkit.content.project import load_project
from toolkit.studio.draft import NAME_REFUSED

SCRIPT_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
    b"<script>alert(1)</script><rect width='100' height='40'/></svg>"
)


def _new_brand(**changes: str) -> dict[str, str | list[str]]:
    form = page_form({}, colours__primary="#1E5B3A", colours__accent="#8A2B5E")
    form.update({"organization": "Lakeside Family Center", **changes})
    return form


def test_the_page_shows_every_field(client: TestClient) -> None:
    html = client.get(f"/?token={TOKEN}").text
    for name in (
        "organization", "footer", "contact.phone", "contact.email", "contact.website",
        "colours.primary", "colours.accent", "logo.file", "logo.alt", "show_name", "paper",
        "card_size", "languages", "partners[3].name", "partners[3].logo",
        "local_help[1].description",
    ):  # fmt: skip
        assert f'name="{name}"' in html, name


def test_a_pale_colour_is_reported_at_its_field_with_the_nearest_that_passes(
    client: TestClient,
) -> None:
    answer = client.post("/check", data=_new_brand(**{"colours.primary": "#AACCEE"})).json()
    assert answer["findings"][0] == {
        "field": "colours.primary",
        "level": "error",
        "message": "white card text on the primary colour: #ffffff on #AACCEE has contrast "
        "1.67:1, but WCAG 2.1 1.4.3 asks for at least 4.5:1; the nearest colour of the same "
        'hue that passes is primary: "#256FB9"',
    }
    primary = answer["contrast"]["primary"]
    assert (primary["passes"], primary["suggestion"]) == (False, "#256FB9")
    assert primary["pairs"][0] == {
        "where": "white card text on the primary colour",
        "ratio": 1.67,
        "minimum": 4.5,
        "passes": False,
    }
    assert answer["contrast"]["accent"]["passes"] is True


def test_every_problem_is_reported_at_once_by_field(client: TestClient) -> None:
    form = _new_brand(
        **{"contact.email": "not an address", "colours.accent": "#FFEE00", "logo.file": "x.svg"}
    )
    findings = client.post("/check", data=form).json()["findings"]
    fields = {finding["field"] for finding in findings if finding["level"] == "error"}
    assert fields == {"contact.email", "colours.accent", "logo.alt"}


def test_an_svg_with_a_script_is_refused_with_the_clis_message(
    client: TestClient, content: Path
) -> None:
    response = client.post("/upload/logo", files={"file": ("logo.svg", SCRIPT_SVG)})
    assert response.status_code == 422
    message = "logo.svg contains a <script> element; logos may not carry code or HTML"
    assert response.json() == {
        "file": None,
        "findings": [{"field": None, "level": "error", "message": message}],
    }
    (content / "brands" / "acme" / "logo.svg").write_bytes(SCRIPT_SVG)
    assert f"content/brands/acme/brand.yaml:3:3: logo.file: {message}" in load_problems(content)


def test_a_small_png_is_kept_with_the_clis_resolution_warning(client: TestClient) -> None:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (300, 100), "navy").save(buffer, format="PNG")
    response = client.post("/upload/logo", files={"file": ("logo.png", buffer.getvalue())})
    assert response.json() == {
        "file": "logo.png",
        "findings": [
            {
                "field": None,
                "level": "warning",
                "message": "logo.png is 300 x 100 pixels; printed 2.6 in wide that is 115 dpi, "
                "below the 300 print needs: use at least 780 x 260 pixels, or an SVG",
            }
        ],
    }


@pytest.mark.parametrize("name", ["../evil.svg", "..\\evil.svg", "a/../../evil.svg", "..svg"])
def test_a_file_name_with_a_folder_is_refused(
    client: TestClient, name: str, tmp_path: Path
) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    response = client.post("/upload/partner-0", files={"file": (name, svg)})
    assert response.status_code == 400
    assert response.json() == {"refused": [NAME_REFUSED]}
    assert not list(tmp_path.glob("**/*evil.svg"))


@pytest.mark.parametrize(
    "path",
    [
        "/?brand=../acme",
        "/?brand=..",
        "/download?brand=../acme&edition=both&lang=en",
        "/download?brand=acme/../acme&edition=both&lang=en",
    ],
)
def test_a_brand_name_with_a_folder_is_refused(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert "is not a brand folder name (a-z, 0-9 and '-' only)" in response.json()["refused"][0]


def test_a_gallery_path_out_of_the_output_folder_is_not_found(
    client: TestClient, tmp_path: Path
) -> None:
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "out").mkdir()
    assert client.get("/gallery/%2e%2e/secret.pdf").status_code == 404
    assert client.get("/gallery/..%2fsecret.pdf").status_code == 404


def test_a_recipients_upload_is_kept_under_its_own_name(client: TestClient, tmp_path: Path) -> None:
    rows = "name,email\nLincoln Middle,office@lincoln.example\nRiver Elementary,not-an-address\n"
    response = client.post("/recipients", files={"file": ("../../schools.csv", rows.encode())})
    assert response.json()["problems"] == [
        "schools.csv:3: column 'email': 'not-an-address' is not an e-mail address"
    ]
    assert not (tmp_path.parent / "schools.csv").exists()
    rows = "name,email\nLincoln Middle,office@lincoln.example\n"
    table = client.post("/recipients", files={"file": ("schools.csv", rows.encode())}).json()
    assert table["rows"] == [
        {
            "line": 2,
            "name": "Lincoln Middle",
            "slug": "lincoln-middle",
            "contact": "",
            "email": "office@lincoln.example",
            "language": "",
        }
    ]


def test_save_writes_a_brand_that_check_passes(
    client: TestClient, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(content / "brands" / "acme" / "logo.svg", content.parent / "mark.svg")
    upload = client.post(
        "/upload/logo", files={"file": ("mark.svg", (content.parent / "mark.svg").read_bytes())}
    )
    assert upload.json()["file"] == "mark.svg"
    form = _new_brand(
        **{"logo.file": "mark.svg", "logo.alt": "Lakeside logo", "contact.phone": "1:30"}
    )
    del form["show_name"]  # the logo spells out the name
    answer = client.post("/save", data=form).json()
    assert answer["saved"] == "content/brands/lakeside-family-center/brand.yaml"
    folder = content / "brands" / "lakeside-family-center"
    assert sorted(p.name for p in folder.iterdir()) == ["brand.yaml", "mark.svg"]
    brand = load_project(content).brands["lakeside-family-center"].brand
    assert (brand.organization, brand.contact.phone) == ("Lakeside Family Center", "1:30")
    assert brand.logo is not None
    assert brand.logo.wordmark is True
    assert main(["check", "--content", str(content)]) == 0
    assert "3 brands" in capsys.readouterr().out


def test_save_does_not_overwrite_another_brand(client: TestClient) -> None:
    answer = client.post("/save", data=_new_brand(organization="Acme"))
    assert answer.status_code == 400
    assert answer.json() == {
        "refused": [
            "a brand called 'acme' already exists; open it from the list to change it, or "
            "give this organization another name"
        ]
    }


def test_save_refuses_a_brand_with_problems(client: TestClient, content: Path) -> None:
    answer = client.post("/save", data=_new_brand(**{"colours.primary": "#AACCEE"}))
    assert answer.status_code == 422
    assert answer.json()["saved"] is None
    assert not (content / "brands" / "lakeside-family-center").exists()


def test_the_mail_dry_run_writes_drafts_for_the_saved_brand(
    client: TestClient, content: Path
) -> None:
    assert client.get(f"/?brand=acme&token={TOKEN}").status_code == 200
    rows = "name,email\nLincoln Middle,office@lincoln.example\n"
    assert client.post("/recipients", files={"file": ("s.csv", rows.encode())}).json()["rows"]
    assert client.post("/recipients/dry-run").json()["finished"] is False
    run = client.get("/recipients/dry-run/status").json()
    while not run["finished"]:  # the page polls the same way
        time.sleep(0.2)
        run = client.get("/recipients/dry-run/status").json()
    assert (run["problems"], run["drafts"]) == ([], 1)
    names = zipfile.ZipFile(io.BytesIO(client.get("/recipients/dry-run.zip").content)).namelist()
    assert any(name.startswith("acme/mail/") and name.endswith(".eml") for name in names)
    assert any(name.startswith("acme/recipients/") and name.endswith(".zip") for name in names)
