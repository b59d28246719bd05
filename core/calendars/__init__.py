"""iCalendar feeds: one public feed per calendar, correct in every calendar application and
cheap to poll.

The modules, from the request inward:

- ``http``: the Starlette routes (``/calendars/…``): conditional requests, gzip, HEAD, errors.
- ``service``: ``CalendarFeeds``, made once per application: answers a feed request from its
  caches or builds the feed; ``state`` (ETag and ``Last-Modified``), ``bodies`` (built feeds
  kept), ``flight`` (one build per feed at a time) and ``cache`` serve it.
- ``marker``: reads the data revision that every committed write of the public data moves,
  so that an unchanged feed is answered without querying it again.
- ``filters``: the query-string filters of a feed, refused with a French message when unknown.
- ``keys``: which feed (``FeedKey``) and what its filter keeps (``FeedFilter``).
- ``scope``: a feed's SQL conditions and the tables it reads; ``aggregate`` and ``stamp``:
  the one statement whose answer changes whenever the feed does; ``rows``: the rows a feed is
  built from; ``listing``: every published feed.
- ``versions``: each entry's SEQUENCE and DTSTAMP and each feed's ``Last-Modified``, kept in
  the database so that they only grow.
- ``build``: turns the rows into entries, built lazily.
- ``render``: writes entries as RFC 5545 text with ``icalendar``, each entry serialised once.
- ``writer``: writes a large build's entries in a process of its own, off the worker's GIL.
- ``entries``: every entry is a ``core.hooks.CalendarEntry``, the plugin API's type.
- ``contributions``: the entries a department's plugin adds.
- ``links``: the feeds' short URLs, ``webcal://`` URLs, file names and names.
- ``messages``: every French text the feeds show.
"""
