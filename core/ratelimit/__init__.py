"""Rate limiting shared by every worker: counters in Redis, or else in the database.

- ``policy``: who is calling (the holder of a valid API token by its token, anyone else by
  address) and their limit;
- ``store``: fixed-window counters, in Redis (``redis_store``) or the database
  (``database_store``), never in a worker's memory;
- ``limiter``: ``RateLimiter``, which counts a request and says whether it may go on.
"""
