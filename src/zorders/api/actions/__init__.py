"""The Actions family (`/v1/action/...`): Zuora's older batch calls, in PascalCase."""
