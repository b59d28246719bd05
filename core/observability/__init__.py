"""What operators see of the running service: logs, metrics, health.

- ``request_scope``: the current request (its ID, its SQL statements), for logs and metrics;
- ``logs``: one line per event, as text or JSON, with the request ID;
- ``metrics``: the Prometheus metrics and the small API the rest of the code counts with;
- ``health``: ``/healthz`` (the process lives) and ``/readyz`` (the database answers and is
  migrated);
- ``operation``: the Strawberry extension that tells the access log which GraphQL operation ran.
"""
