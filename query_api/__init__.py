"""The query API: read-model queries, read-your-writes waits and live WebSockets."""
