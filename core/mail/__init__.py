"""E-mail: templates (French plain text with an HTML alternative), composing and sending."""
