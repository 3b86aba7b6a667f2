"""`dinner chaos`: the whole system under load while its processes, broker and database fail."""
