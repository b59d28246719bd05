"""Limits on what one GraphQL document may ask, checked before anything runs.

The API is public: any caller may send any document. These limits keep one pathological
document from taking the service away from everyone else, with defaults that a partner site
never reaches in normal use (see the ``CPS_MAX_QUERY_*`` settings).

- ``errors``: ``QueryRefused``, the French, coded errors of a refused document;
- ``rules``: validation rules for nesting depth, aliases and operations per document;
- ``cost``: how many objects a query may return, from its page sizes, computed before execution;
- ``extension``: ``QueryLimits``, the Strawberry extension that applies them and reports the cost.
"""
