"""Stage 3, press: page work on finished PDFs that makes the print edition, and its checks.

Takes in: a rendered PDF/X-4 and a ``PrintSpec`` (slug line, paper, brand colour as hex or
CMYK inks); for preflight, any PDF files.
Gives out: crop marks and a slug line, cards imposed onto sheets or one to a page with
bleed (``imposition``), booklet spreads with bleed (``booklet``), chosen by the job's finish
(``finish``), still PDF/X-4 after the page work (``conformance``); and a print shop's
checklist of any PDF (``preflight``). Works on finished PDFs only: never imports templates
or WeasyPrint.

May import: errors, documents, assets.
"""
