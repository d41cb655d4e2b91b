"""Signals other apps listen to (the audit trail records them)."""

from django.dispatch import Signal

access_denied = Signal()  # sender=view, request
data_exported = Signal()  # sender=view, request, what, rows
personal_data_revealed = Signal()  # sender, request, obj, field[, rows: a bulk read of that many records]
data_imported = Signal()  # sender, kind, source (file name), counts: dict — shell imports
