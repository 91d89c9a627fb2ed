"""Stage 4, ledger: which guid each Episode is published under, and which published items must be carried."""
