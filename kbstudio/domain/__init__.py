"""Value types and rules of a help center: no I/O, no database, no Qt."""
