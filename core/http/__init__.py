"""The HTTP edge of the public API, in front of the routes.

- ``errors``: the JSON bodies of refusals (a GraphQL ``errors`` list, a French message, a code);
- ``client``: who is calling, behind trusted reverse proxies, and the request's ID;
- ``request_context``: the outermost middleware: request ID, access log, metrics, last resort
  for unexpected errors;
- ``body_limit``: 413 for bodies over the limit, announced or streamed;
- ``rate_limit``: 429 with ``Retry-After`` past the caller's rate limit;
- ``caching``: ``Cache-Control`` and ETags of public answers;
- ``graphql_view``: Strawberry's view made fit for a public API (status codes, masking, caching);
- ``stack``: the middleware in their order.
"""
