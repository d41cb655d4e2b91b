"""Reference tables generated from shared/reference, shipped inside the rules package."""
