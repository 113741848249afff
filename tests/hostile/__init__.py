"""Hostile inputs for cvtui's tests: terminal payloads, markup-looking titles, broken files.

Everything here is generated at test time into a temporary directory; nothing large is kept
in the repository.
"""
