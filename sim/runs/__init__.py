"""Playing runs: a policy through a scenario, recorded as tidy records and run files."""
