"""The workflows of the browser, each in its own module; :mod:`cvtui.app` is only the shell.

- :mod:`.header`: the header line (views, breadcrumb, counts), the too-small and loading panels;
- :mod:`.loading`: the first load in a thread, its progress, warming the search index;
- :mod:`.reloading`: checking files for changes and swapping the reloaded library in;
- :mod:`.navigation`: jumps, the history behind ``escape`` and ``ctrl+o``/``ctrl+i``;
- :mod:`.editing`: ``e``, a profile in the user's editor;
- :mod:`.exporting`: ``x`` and any text saved to a file the user names;
- :mod:`.copying`: ``c``, ``C`` and ``o``, the clipboard and links.
"""
