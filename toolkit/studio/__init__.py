"""The brand studio: a local web page where an organizer brands and downloads the toolkit.

Takes in: the content folder, the brand page's fields and uploaded logos (``app``, guarded
by ``safety``: loopback Host, session token, 20 MB bodies).
Gives out: the same files a person writes by hand, ``content/brands/<slug>/brand.yaml``
(``brand_file``, round trip) with its logos, checked by the CLI's own checks (``draft``);
previews drawn by the build's renderer in a worker process (``preview``); builds, zips and
the gallery (``builds``); a schools list read as ``personalize`` reads it, and ``mail``'s
dry run for it (``recipients``).
Its page (``pages``, ``templates/``, ``static/``) is plain HTML, CSS and a small script.

May import: errors, files, documents, assets, content, checks, builder, delivery, views.
"""
