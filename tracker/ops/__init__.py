"""Operations: the health check, and backing up and restoring a SQLite database."""
