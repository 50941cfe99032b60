"""Services: the only way into the core. Plain functions taking a Session, returning frozen data."""
