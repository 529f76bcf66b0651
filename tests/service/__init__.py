"""Service tests over an in-memory unit of work: no HTTP, no database."""
