"""Quality evaluation against public gold data, read from a path (never copied into the repo)."""
