"""Online-safety toolkit builder: YAML content to branded, print-ready PDFs.

The folders read as the pipeline, each a stage that only imports the stages before it (its
``__init__`` says which; ``tests/test_layout.py`` keeps it so)::

    content/    YAML in: read, validate, translations, brand kits, recipients
    rendering/  Jinja2 HTML and WeasyPrint: one job to a laid-out PDF
    press/      page work for print: marks, card sheets, booklet imposition
    checks/     warnings: reading level, old figures, dead links, e-mail size
    builder/    the pipeline, cache, workers, watch, scaffolding
    delivery/   each recipient's own copies: areas, blocks, stamps, zips; mail
    views/      gallery, README pictures, the end-of-build summary
    cli/        the commands: one module each, and the one place errors become messages

Shared by all: ``errors`` (the one family of user errors), ``files`` (atomic writes),
``documents`` (the document kinds and the jobs a build is made of) and ``assets`` (the
bundled font and the templates' own words).
"""

__version__ = "0.1.0"

RUN = ".venv/bin/python build_pdfs.py"
"""How messages and pages tell people to run a command: it works in the project folder after
``make pdfs``, on any machine (``python3 build_pdfs.py`` does too, by re-executing itself)."""
