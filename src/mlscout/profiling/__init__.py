"""Profiling: column understanding, quality checks, personal data, joins and the deep profile."""
