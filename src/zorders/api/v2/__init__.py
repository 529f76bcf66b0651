"""The v2 "Quickstart" dialect (issue 12): snake_case bodies into the same typed commands
the v1 dialect produces, and domain values back into v2 objects."""
