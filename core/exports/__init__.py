"""Files staff download or print: participant lists (CSV, ODS) and attendance sheets (PDF).

Each module turns plain data read by the services (``core.services.participants``,
``core.services.attendance``) into the bytes of one file format and reads nothing itself;
``core.exports.files`` runs the whole of an export for every door (the back-office, the
command line): access check, reading, rendering, the audit entry.
"""
