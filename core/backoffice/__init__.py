"""The back-office: French pages under ``/gestion`` where signed-in staff run their year.

How a screen is written (every screen does it this way, so that permissions, CSRF and headers
are checked in one place, ``core.backoffice.access``):

* **Declare it** with ``@screen()`` (any signed-in staff) or ``@screen(regional_only=True)``::

      from core.backoffice.access import screen
      from core.backoffice.rendering import render_screen
      from core.services.staff_sign_in import Staff

      @screen()
      async def registrations(request: Request, staff: Staff) -> Response:
          ...
          return render_screen(request, staff, "gestion/registrations.html", {"rows": rows})

  The handler receives the request and ``staff`` (``staff.viewer`` is the ``Viewer`` every
  permission check and service takes, as for an API token; ``staff.account.email`` who it is).
  Not signed in: the wrapper answers a redirect to ``/gestion/connexion?suite=<this path>``
  and the handler never runs. A POST whose form lacks its CSRF token (``csrf`` field, from
  ``core.web.csrf``) is refused (403, French page) before the handler runs.
* **Departments**: inside the handler, call ``core.auth.permissions.require_departments(
  staff.viewer, [code, ...])`` (or ``require_regional``) BEFORE writing anything; the wrapper
  turns the ``AccessDenied`` it raises into the French 403 page, and since the handler's
  transaction is left uncommitted, nothing changes. Lists show department staff their
  departments only (``staff.viewer.covers(...)`` or a service filter).
* **Render** with ``render_screen(request, staff, template, context, status_code=200)``:
  templates live in ``core/web/templates/gestion/`` and extend ``gestion/layout.html``
  (blocks ``title`` and ``content``; ``section`` in the context names the current nav entry).
  Every form writes ``{{ csrf_field() }}``. Every answer of a screen gets
  ``Cache-Control: private, no-store`` and ``X-Robots-Tag: noindex``.
* **Route it**: a screen module exposes ``ROUTES`` (a list of Starlette ``Route``) and is
  listed in ``core.backoffice.routes.SCREEN_MODULES``; its nav entry is in
  ``core.backoffice.navigation.NAVIGATION``.
* **Test it**: ``tests/backoffice/conftest.py`` has ``signed_in(client, role, departments)``
  (and the fixtures ``regional_client``, ``department_44_client``), which create an account,
  ask a link on ``/gestion/connexion``, read the e-mail from the outbox, follow the link and
  press its button: the client then carries the session cookie and the CSRF cookie
  (``csrf_of(client)`` gives the value a posted form must echo). In a browser,
  ``sign_in_browser(page, base_url, app, email)`` does the same through the pages.
"""
