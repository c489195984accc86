"""Stage 2, rendering: one job's content through its template to a laid-out PDF.

Takes in: a ``Project`` and a ``Job`` (which document, subject, brand, language, edition).
Gives out: HTML from the Jinja2 templates (``html``: sandboxed, autoescaped, strict; with
QR codes sized to scan, ``qr``; paragraphs kept from ending in one word, ``widows``; section
icons, ``icons``), then the PDF from WeasyPrint (``pdf``: restricted fetcher, warnings
fail), with running footers as artifacts (``artifacts``) and what did not fit named by its
YAML line (``fit``); and how the pages are typeset (``typesetting``: one-word last lines,
hyphens, small text, fill). The only stage that imports WeasyPrint or Jinja2.

May import: errors, documents, assets, content.
"""
