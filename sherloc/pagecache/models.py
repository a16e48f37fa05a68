"""No Django models: the two tables are written by triggers and read by raw SQL (changes.py). The module is
here so that `migrate` sends this app its post_migrate signal, which puts the triggers on every table."""
