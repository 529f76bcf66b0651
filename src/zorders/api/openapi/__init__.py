"""The OpenAPI document of the service (issue 16): FastAPI's own, from the routes' request
models, completed with what FastAPI cannot know (`document.py`)."""

from zorders.api.openapi.document import install

__all__ = ["install"]
