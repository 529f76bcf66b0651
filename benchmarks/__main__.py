"""`python -m benchmarks`: the issue-15 table (benchmarks/table); the in-process micro
benchmarks are `python -m benchmarks.micro`."""

import sys

from benchmarks.table.__main__ import main

sys.exit(main())
