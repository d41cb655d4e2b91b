"""Writes of the reports app, split by sub-domain: plans, supervision tasks, bulletins, notifications."""
