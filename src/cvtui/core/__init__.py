"""The engine of cvtui: model, loading, search and exchange, with no user-interface imports.

Everything here is usable from scripts and tests without Textual or Rich.
"""
