"""An organization's own settings (names, sites, time zone) and its first run."""
