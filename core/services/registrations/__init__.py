"""Registrations: taking a seat or the waitlist under the rules, and what staff do with them.

Every write runs ``rule_checks.check_registration``, the rules of the public eligibility query,
on the registration's declared data (a ``RegistrationDraft``) and its target. A violation or a
malformed input is returned as ``Violation``s and nothing is written; a plugin that fails makes
the write fail the same way (a broken rule never lets a registration through).

Seats: a CONFIRMED registration holds one, and so does one PENDING_APPROVAL (a session that
asks for staff approval puts its eligible registrations there until staff confirm or refuse
them); with none left (``capacity`` reached) an eligible registration is WAITLISTED. Freeing a
seat (cancel, refuse, move) promotes the oldest waitlisted registration of that target, to
PENDING_APPROVAL or CONFIRMED as the session asks. Callers run these functions inside
``seat_lock.seat_transaction`` and commit; each function locks the targets it counts
(``seat_lock.lock_target``) before counting.

One module per job:

- ``seats``: the statuses that hold a seat, the target locked and counted, the status a new
  seat gives;
- ``declared``: the person's declared data, as the rules read it and as it is stored or erased;
- ``outcomes``: what a write answers (``RegistrationOutcome``, refusals) and records (the rules'
  outcomes, the audit entry);
- ``registering``: a new registration;
- ``status_changes``: confirm, refuse, cancel, and seating once an address is confirmed;
- ``amendments``: moving a registration, changing what the person declared;
- ``waitlist``: free seats given to the oldest waitlisted;
- ``target_changes``: what a change of a session or event does to its registrations;
- ``queries``: reading registrations, targets and seat counts.
"""
