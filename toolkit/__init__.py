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

Shared by all: ``errors`` (the one family of user errors), ``files`` (atomic writes),
``documents`` (the document kinds and the jobs a build is made of) and ``assets`` (the
bundled font and the templates' own words). ``cli`` is the one place errors become messages;
``cli_mail`` holds the options and the handler of ``personalize`` and ``mail``.
"""

__version__ = "0.1.0"
