"""Pages of the service system (function views, split by sub-domain)."""
