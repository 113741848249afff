"""Exchange formats: BibTeX and JSON Resume in and out, and style-preserving profile writes.

Each module is imported on demand by the commands that need it, so loading profiles never
pays for the BibTeX or LaTeX libraries.
"""
