"""The portal's PostgreSQL backend (base.py): Django's, with a health check that costs no round trip and a
cursor whose statements are prepared once per connection."""
