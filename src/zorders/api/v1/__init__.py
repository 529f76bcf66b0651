"""The v1 (camelCase) dialect: request bodies into the services' commands (issue 9)."""
