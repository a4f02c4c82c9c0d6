"""Spark MLlib jobs over Gold: late-delivery prediction (more in jobs/README.md, "Machine learning")."""
