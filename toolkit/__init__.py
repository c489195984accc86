"""Online-safety toolkit builder: YAML content to branded, print-ready PDFs."""

__version__ = "0.1.0"
