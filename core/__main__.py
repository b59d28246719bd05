"""``python -m core`` runs the ``cps`` command."""

from core.cli import main

main()
