"""Every write of the service system (STYLE §3 services), split by sub-domain."""
