"""The HTTP edge: FastAPI routes, Zuora's conventions as middleware, error envelopes."""
