"""The Dagster layer: thin assets over the libraries, their checks, the resource, schedules and sensors."""
