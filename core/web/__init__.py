"""The public site: server-rendered French pages over the same services as the API.

- ``routes``: the site's Starlette routes and its static files.
- ``pages``: one handler per page; each parses the request, calls a service, renders.
- ``rendering``: the Jinja2 environment (autoescape always on) and the cacheable HTML answer.
- ``french``: dates, hours and labels as the pages write them.
- ``subscribe``: the one-click subscription links of a calendar feed.
"""
