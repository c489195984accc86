"""Build orchestration: from a content folder to PDFs on disk, once or on every save.

Takes in: ``BuildSettings`` (folders, what to build, options) and where to render.
Gives out: PDFs and a manifest per brand (``pipeline.build``: load, plan, reuse, render,
finish, write), reusing what has not changed (``cache``), in worker processes or on a Dask
cluster (``workers``), again on every save (``watch``); plus the system-library check
(``system``), starter files for new content (``scaffold``) and a brand's e-mail message
from its templates (``messages``, for delivery).

May import: errors, files, documents, assets, content, rendering, press, checks.
"""
