from edtfeed.cli import main

main()
