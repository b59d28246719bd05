"""Delivering the outbox: the dispatcher, its channels (e-mail, webhooks) and their errors.

Exceptions::

    DeliveryError           an attempt failed; the message is retried later
    └── PermanentDeliveryError  retrying cannot help (a template or a recipient refused):
                                the message is marked failed at once
"""

from __future__ import annotations


class DeliveryError(Exception):
    """An attempt to deliver a message failed; the message is retried later. The message of
    the exception is stored as the row's ``last_error``: never put a secret in it."""


class PermanentDeliveryError(DeliveryError):
    """Delivering this message can never succeed; it is marked failed without retry."""
