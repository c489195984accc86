"""Stage 4, delivery: each recipient's own copies of finished documents.

Takes in: ``PersonalizeSettings`` (the recipients file, which documents, the method).
Gives out: per recipient, the documents with its name and contact in the reserved area
(``areas`` finds it, ``block`` lays the lines out, ``stamp`` draws them onto the finished
PDF), a zip ready to attach and a summary row (``personalize``). Renders only through
``build`` (never templates or WeasyPrint directly).

May import: errors, files, documents, assets, content, press, checks, builder.
"""
