"""What people look at after a build: the gallery, the README's pictures, the summary.

Takes in: the output folder and its manifests, or the documents one build made.
Gives out: ``index.html`` with thumbnails and a loopback server (``gallery``), one picture
per document kind for the README (``showcase``), and the end-of-build table or JSON
(``summary``).

May import: errors, files, documents, assets, content, rendering, builder.
"""
