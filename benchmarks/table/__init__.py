"""The issue-15 table: every figure measured through a real `zorders serve`, from a load
process of its own, against the issue's targets (`make bench`, `make bench QUICK=1`)."""
