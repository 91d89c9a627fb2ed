"""edtfeed: markdown episode records + Transistor audio metadata -> one podcast RSS feed per language."""

__version__ = "0.1.0"
