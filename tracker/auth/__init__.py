"""Logins: the password rules (`passwords`, no Flask), the Flask-Login wiring (`login`), the pages."""
