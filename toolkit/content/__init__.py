"""Stage 1, content in: YAML files to one validated, typed ``Project``.

Takes in: a content folder (``toolkit.yaml``, topics, series, brand kits, translations) and,
for personalized copies, a recipients file.
Gives out: a ``Project`` (``project.load_project``) or one ``ContentError`` naming every
problem with its file, line, column and field. One job per module: ``reader`` (a YAML file
with the line of every value, validated against ``models``), ``problems`` (the collector),
``brands`` (brand kits and their files, checked by ``colours`` and ``images``),
``translations`` (each language, and its health), ``glyphs`` (every character in the
font), ``recipients`` (the people who get their own copies) and ``schema`` (JSON Schema).

May import: errors, files, assets.
"""
