"""Build the online-safety toolkit's PDFs: ``python build_pdfs.py --help``."""

import sys

from toolkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
