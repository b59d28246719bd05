"""iCalendar feeds: one public feed per calendar, correct in every calendar application and
cheap to poll.

The modules, from the request inward:

- ``http``: the Starlette routes (``/calendars/…``): conditional requests, gzip, HEAD, errors.
- ``service``: ``CalendarFeeds``, made once per application: answers a feed request from its
  caches or builds the feed.
- ``marker``: reads the data revision that every committed write of the public data moves,
  so that an unchanged feed is answered without querying it again.
- ``filters``: the query-string filters of a feed, refused with a French message when unknown.
- ``build``: turns the rows of ``core.services.calendar_feeds`` into entries, built lazily.
- ``render``: writes entries as RFC 5545 text with ``icalendar``, each entry serialised once.
- ``entries``: ``CalendarEntry``, and ``ExtraEntry`` for what a department's plugin adds.
- ``links``: the feeds' short URLs, ``webcal://`` URLs, file names and names.
- ``messages``: every French text the feeds show.
"""
