"""``cvtui serve``: the browser in web browsers, one read-only session per tab.

Built on textual-serve (the server) and Textual's web driver (the app side), drawn in the
page by xterm.js. :mod:`.command` is the command line, :mod:`.access` the token and its
brakes, :mod:`.server` the web server, :mod:`.sessions` the processes, :mod:`.pages` the
HTML, and :mod:`.session_main` what each tab runs. Importing this package imports none of
them (``cvtui --help`` stays fast).
"""
