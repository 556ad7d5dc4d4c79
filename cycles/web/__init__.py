"""``cycles web``: the pages a signed link opens (GET shows, POST records)."""
