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
  An object not found (an ``InputError`` whose code ends in ``NOT_FOUND``) becomes the
  French 404 page. Not signed in: the wrapper answers a redirect to
  ``/gestion/connexion?suite=<this path>`` and the handler never runs. A POST whose form lacks its CSRF token (``csrf`` field, from
  ``core.web.csrf``) is refused (403, French page) before the handler runs.
* **Write through a command**: ``core.backoffice.commanding.command_context(request, staff)``
  is the ``CommandContext`` to hand the commands of ``core.commands``; never write a rule, an
  audit entry or a transaction in a handler.
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
  ``core.backoffice.navigation.NAVIGATION``. Every route must also be a row (a ``Door``) of
  the permission table in ``tests/backoffice/test_permissions.py``: a test fails for a
  route that is not.
* **Test it**: ``tests/backoffice/signing_in.py`` has ``signed_in(client, app, role,
  departments)`` and ``tests/backoffice/conftest.py`` the fixtures ``regional_client``,
  ``department_44_client`` and ``anonymous_client``; they create an account,
  ask a link on ``/gestion/connexion``, read the e-mail from the outbox, follow the link and
  press its button: the client then carries the session cookie and the CSRF cookie
  (``tests.backoffice.signing_in.csrf_of(response)`` reads the value a page's forms echo,
  ``csrf_cookie(client)`` the cookie's). In a browser,
  ``sign_in_browser(page, base_url, app, email)`` does the same through the pages.
"""
