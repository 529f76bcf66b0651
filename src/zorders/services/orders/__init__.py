"""Order use cases: create, preview, read, and the order lifecycle."""
