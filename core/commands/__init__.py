"""Command functions: every write of the service, whichever door it comes through.

GraphQL resolvers, the staff back-office and the command line call the same functions here, so
that an access check, a rule, an audit entry or a notice never exists in one door only. A
command takes a ``CommandContext`` (who asks, the database, the plugins, the clock) and an
input of plain data, and returns a ``CommandResult``:

- ``AccessDenied`` (``UNAUTHENTICATED``, ``FORBIDDEN``) is raised before anything is written;
- an object that does not exist raises ``InputError`` (``SESSION_NOT_FOUND``…) before the
  write's transaction;
- a rule not met, or an input refused inside the write, comes back in ``result.errors``, and
  nothing was written.

Nothing in this package imports GraphQL or Starlette.
"""
