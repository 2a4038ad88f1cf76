"""The catalogue of business pain points (data, in pain_points.yaml) and its model."""
