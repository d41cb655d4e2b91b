"""Reads of the service system (STYLE §3 selectors), split by sub-domain."""
