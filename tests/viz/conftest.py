from tests.viz.office import to_pdf  # noqa: F401  (the print tests' LibreOffice)
