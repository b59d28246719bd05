"""Pôle CPS service: the directory, training sessions, events and resources of the Pôle CPS."""
