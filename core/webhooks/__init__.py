"""Webhooks: delivering partners' events, signed per Standard Webhooks."""
