"""One router per resource of the query API."""
