"""Use cases: each takes its ports (unit of work, clock), returns values or raises DomainError."""
