"""The speed benchmark, `python -m bench` (`make bench`): kept outside the app, so that production ships none of it."""
