"""`python -m cjgraph` runs the command line."""

from .cli import main

main(prog_name="cjgraph")
