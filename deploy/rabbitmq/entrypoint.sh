#!/bin/sh
# Entry point of the RabbitMQ nodes in compose.yaml: writes what must not be committed from the
# environment, then hands over to the image's own entrypoint (which drops to the rabbitmq user).
#
# - The Erlang cookie goes to the file RabbitMQ reads ($HOME/.erlang.cookie); its environment
#   variable is deprecated, so it is removed before the server starts.
# - The users go into a definitions file beside the topology: a node that imports definitions at
#   boot does not create the default user, so without this file there would be no user at all.
set -eu

: "${RABBITMQ_ERLANG_COOKIE:?the Erlang cookie, from rabbitmq.env}"
: "${RABBITMQ_ADMIN_PASSWORD:?the admin password, from rabbitmq.env}"
: "${RABBITMQ_APP_PASSWORD:?the application password, from .env}"

umask 077
data_dir=${RABBITMQ_DATA_DIR:-/var/lib/rabbitmq}  # the image sets it; the tests point it elsewhere
definitions_dir=${DINNER_DEFINITIONS_DIR:-/etc/rabbitmq/definitions.d}

printf '%s' "$RABBITMQ_ERLANG_COOKIE" > "$data_dir/.erlang.cookie"

json_string() {  # a shell string as a JSON string literal
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# Self-contained (it declares the vhost too), whatever order the directory's files import in.
cat > "$definitions_dir/10-users.json" <<JSON
{
  "vhosts": [{"name": "/"}],
  "users": [
    {"name": "dinner", "password": $(json_string "$RABBITMQ_APP_PASSWORD"), "tags": ""},
    {"name": "admin", "password": $(json_string "$RABBITMQ_ADMIN_PASSWORD"), "tags": "administrator"}
  ],
  "permissions": [
    {"user": "dinner", "vhost": "/", "configure": ".*", "write": ".*", "read": ".*"},
    {"user": "admin", "vhost": "/", "configure": ".*", "write": ".*", "read": ".*"}
  ]
}
JSON
chown rabbitmq:rabbitmq "$data_dir/.erlang.cookie" "$definitions_dir/10-users.json"

unset RABBITMQ_ERLANG_COOKIE RABBITMQ_ADMIN_PASSWORD RABBITMQ_APP_PASSWORD
umask 022
exec docker-entrypoint.sh "$@"
