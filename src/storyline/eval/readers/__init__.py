"""One reader per public gold set; each yields plain records and raises InputError on bad files."""
