"""What the toolkit ships and every stage shares: its type family and its own words.

Takes in: the installed ``font-lato`` package and the gettext catalogs in ``locale/``.
Gives out: font files and metrics (``fonts``) for WeasyPrint and ReportLab alike, and the
words the templates print themselves in each language, with localized dates (``i18n``).

May import: errors.
"""
