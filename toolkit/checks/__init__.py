"""Checks on content and output that warn rather than build: is it readable, current, mailable?

Takes in: a loaded ``Project``, or a finished PDF or zip.
Gives out: ``Problem`` warnings with their file and line: reading level per audience
(``readability``), old figures, plain-http addresses and dead links (``freshness``),
files too big to e-mail (``budget``), and a PDF's accessibility findings per page, for any
PDF (``accessibility``, the ``audit`` command, with ``languages`` telling English from
Spanish).

May import: errors, documents, assets, content, rendering.
"""
