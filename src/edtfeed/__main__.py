"""`python -m edtfeed`: the same command line as the `edtfeed` script."""

from edtfeed.cli import main

main()
