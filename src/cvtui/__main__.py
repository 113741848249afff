"""``python -m cvtui`` runs the command line."""

from cvtui.cli import main

raise SystemExit(main())
