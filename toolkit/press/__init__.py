"""Stage 3, press: page work on finished PDFs that makes the print edition.

Takes in: a rendered PDF and a ``PrintSpec`` (slug line, paper, brand colour).
Gives out: crop marks and a slug line, cards imposed onto sheets, booklet spreads
(``imposition``), chosen by the document kind (``finish``). Works on finished PDFs only:
never imports templates or WeasyPrint.

May import: errors, documents, assets.
"""
