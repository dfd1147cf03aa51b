"""The demo institute that `manage.py seed_demo` creates (README: Demo accounts)."""
