"""Sending e-mail through the configured SMTP server (the standard library's smtplib). No Flask."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable, Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid


def message(sender: str, to: str, subject: str, text: str) -> EmailMessage:
    """A plain-text UTF-8 message."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, to, subject
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    mail.set_content(text)
    return mail


def send(config: Mapping, messages: Iterable[EmailMessage]) -> int:
    """Send `messages` over one connection to `config["MAIL_SERVER"]`; returns how many went."""
    messages = list(messages)
    if not messages:
        return 0
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config.get("MAIL_TIMEOUT", 30)
    if config.get("MAIL_USE_SSL"):
        connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = smtplib.SMTP(host, port, timeout=timeout)
    with connection:
        if config.get("MAIL_USE_TLS"):
            connection.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        for mail in messages:
            connection.send_message(mail)
    return len(messages)
