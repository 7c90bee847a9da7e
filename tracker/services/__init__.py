"""Use cases shared by views, API and CLI; each takes a session and the acting organization."""
