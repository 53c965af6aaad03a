"""Settings: `site` for every server (laptop or production, from the environment), `test` for the test suite."""
