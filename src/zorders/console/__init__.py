"""The operator console (issue 17): server-rendered pages at `/console` over the same use
cases as the API, with a session cookie of its own instead of bearer tokens."""

from zorders.console.app import create_console
from zorders.console.deps import ConsoleDependencies

__all__ = ["ConsoleDependencies", "create_console"]
