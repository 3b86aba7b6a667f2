"""HTTP pieces shared by the command and query APIs; `app.build_base_app` wires them together."""
