"""Composing messages: splitting to the size budget, attachment names, From and Reply-To,
the brand's own templates and signature."""

from __future__ import annotations

import email
import hashlib
import shutil
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from toolkit.content.project import Project, load_project
from toolkit.delivery.messages import (
    OVERHEAD,
    MessageOptions,
    email_message,
    encoded_size,
    message_problems,
    outgoing,
)
from toolkit.delivery.record import CopyFile, RecipientRecord, Record, copy_file
from toolkit.errors import BrandError, ContentError

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
DATE = parsedate_to_datetime("Sat, 28 Nov 2026 09:00:00 +0000")


def _record(folder: Path, files: dict[str, bytes], **details: str) -> Record:
    copies = [copy_file(folder, f"oak/{name}", data) for name, data in files.items()]
    zipped = copy_file(folder, "oak.zip", b"PK" + b"z" * 100)
    fields = {"contact": "Ms. Lee", "email": "lee@oak.example.org", **details}
    return Record(
        "x", [RecipientRecord("oak", "Oak Elementary", 2, **fields, pdfs=copies, zip=zipped)]
    )


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(FIXTURES / "content")


def test_files_over_the_budget_go_in_numbered_messages(project: Project, tmp_path: Path) -> None:
    files = {f"doc-{n}.pdf": bytes([n]) * 30_000 for n in range(5)}
    record = _record(tmp_path, files)
    budget = OVERHEAD + 2 * encoded_size(30_000) + 10  # two files a message
    messages = list(outgoing(project, "acme", record, TEMPLATES, MessageOptions(max_bytes=budget)))
    assert [(m.part, m.parts, m.eml_name) for m in messages] == [
        (1, 3, "oak.1-of-3.eml"), (2, 3, "oak.2-of-3.eml"), (3, 3, "oak.3-of-3.eml"),
    ]  # fmt: skip
    assert [[Path(c.path).name for c in m.attachments] for m in messages] == [
        ["doc-0.pdf", "doc-1.pdf"], ["doc-2.pdf", "doc-3.pdf"], ["doc-4.pdf"],
    ]  # fmt: skip
    assert [m.subject for m in messages] == [
        f"Online-safety sheets for Oak Elementary ({n} of 3)" for n in (1, 2, 3)
    ]
    assert len({m.message_id for m in messages}) == 3
    for message in messages:
        assert len(email_message(message, tmp_path, DATE).as_bytes()) <= budget
    single = list(outgoing(project, "acme", record, TEMPLATES, MessageOptions()))
    assert [(m.part, m.parts, m.eml_name) for m in single] == [(1, 1, "oak.eml")]


def test_the_zip_instead_of_the_pdfs(project: Project, tmp_path: Path) -> None:
    record = _record(tmp_path, {"a.pdf": b"%PDF-a", "b.pdf": b"%PDF-b"})
    [message] = outgoing(project, "acme", record, TEMPLATES, MessageOptions(attach="zip"))
    mime = email_message(message, tmp_path, DATE)
    [attachment] = mime.iter_attachments()
    assert (attachment.get_content_type(), attachment.get_filename()) == (
        "application/zip",
        "oak.zip",
    )
    assert attachment.get_content() == (tmp_path / "oak.zip").read_bytes()


def test_accented_attachment_names_are_encoded_per_rfc_2231(
    project: Project, tmp_path: Path
) -> None:
    record = _record(tmp_path, {"guía-para-niños.pdf": b"%PDF-1.7 data"})
    [message] = outgoing(project, "acme", record, TEMPLATES, MessageOptions())
    raw = email_message(message, tmp_path, DATE).as_bytes()
    assert b"filename*=utf-8''gu%C3%ADa-para-ni%C3%B1os.pdf" in raw
    parsed = email.message_from_bytes(raw, policy=default_policy)
    assert isinstance(parsed, EmailMessage)
    [attachment] = parsed.iter_attachments()
    assert attachment.get_filename() == "guía-para-niños.pdf"
    assert attachment.get_content() == b"%PDF-1.7 data"


def test_from_reply_to_and_the_same_content_the_same_hash(project: Project, tmp_path: Path) -> None:
    record = _record(tmp_path, {"a.pdf": b"%PDF-a"})
    [own] = outgoing(project, "acme", record, TEMPLATES, MessageOptions())
    mime = email_message(own, tmp_path, DATE)
    assert (mime["From"], mime["Reply-To"]) == ("Acme Family Center <help@example.org>", None)
    options = MessageOptions(sender="district-mailer@example.org")
    [other] = outgoing(project, "acme", record, TEMPLATES, options)
    mime = email_message(other, tmp_path, DATE)
    assert mime["From"] == "Acme Family Center <district-mailer@example.org>"
    assert mime["Reply-To"] == "help@example.org"
    assert other.content_hash == own.content_hash  # the sender is not the content
    [again] = outgoing(project, "acme", record, TEMPLATES, MessageOptions())
    assert again.content_hash == own.content_hash
    changed = _record(tmp_path, {"a.pdf": b"%PDF-a, new edition"})
    [new] = outgoing(project, "acme", changed, TEMPLATES, MessageOptions())
    assert new.content_hash != own.content_hash  # new PDFs are new content


def test_a_brands_own_template_and_signature(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    mail = content / "brands" / "acme" / "mail"
    mail.mkdir()
    (mail / "message.en.md").write_text("Subject: For {{ school }}\n\nHello from {{ brand }}.\n")
    (mail / "signature.en.txt").write_text("Dana Cruz\nOutreach, Acme Family Center\n")
    project = load_project(content)
    record = _record(tmp_path, {"a.pdf": b"%PDF-a"})
    [message] = outgoing(project, "acme", record, TEMPLATES, MessageOptions())
    assert message.subject == "For Oak Elementary"
    assert message.text == (
        "Hello from Acme Family Center.\n\n-- \nDana Cruz\nOutreach, Acme Family Center\n"
    )
    assert "Dana Cruz<br>Outreach, Acme Family Center</p>" in message.html


def test_what_would_stop_a_message_is_found_first(project: Project, tmp_path: Path) -> None:
    record = _record(tmp_path, {"big.pdf": b"x" * 200_000}, email="")
    problems = message_problems(
        project, "default", record, "schools.csv", MessageOptions(max_bytes=200_000)
    )
    assert [str(p) for p in problems] == [
        "brands/default/brand.yaml: no contact e-mail to send from: add 'contact: email: ...' "
        "to the brand, or give --from ADDRESS",
        "schools.csv:2: column 'email': is empty; every recipient needs an address to be mailed",
        "schools.csv:2: oak/big.pdf is 200 KB, too big for one message of --max-mb 0.2 (it "
        "grows by a third when attached)",
    ]
    zipped = MessageOptions(max_bytes=OVERHEAD + 10, attach="zip", sender="me@example.org")
    assert [str(p) for p in message_problems(project, "default", record, "schools.csv", zipped)][
        1:
    ] == [
        "schools.csv:2: oak.zip is 1 KB, too big for one message of --max-mb 0.065546 (it grows "
        "by a third when attached); --attach pdfs sends the PDFs one by one instead"
    ]


def test_copy_records_name_their_bytes(tmp_path: Path) -> None:
    copy = copy_file(tmp_path, "oak/a.pdf", b"%PDF")
    assert copy == CopyFile("oak/a.pdf", 4, hashlib.sha256(b"%PDF").hexdigest())


def test_a_signature_linked_outside_the_brand_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    mail = content / "brands" / "acme" / "mail"
    mail.mkdir()
    (tmp_path / "secret.txt").write_text("root:x:0:0")
    (mail / "signature.en.txt").symlink_to(tmp_path / "secret.txt")
    # The brand kit is refused as it loads (no link out of a brand folder), so the mail
    # step's own check (below, for a project loaded before the link appeared) is a second wall.
    with pytest.raises(ContentError) as refused:
        load_project(content)
    assert str(refused.value) == (
        "content/brands/acme/mail/signature.en.txt: is a link to "
        f"{tmp_path / 'secret.txt'}, outside the brand folder; a brand kit may only hold its "
        "own files"
    )
    (mail / "signature.en.txt").unlink()
    project = load_project(content)
    (mail / "signature.en.txt").symlink_to(tmp_path / "secret.txt")
    record = _record(tmp_path, {"a.pdf": b"%PDF-a"})
    with pytest.raises(BrandError) as caught:
        list(outgoing(project, "acme", record, TEMPLATES, MessageOptions()))
    assert str(caught.value) == (
        f"{mail / 'signature.en.txt'}: links to a file outside the brand's mail folder; it must "
        "be a file in it"
    )
