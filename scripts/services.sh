#!/usr/bin/env bash
# Starts PostgreSQL, Redis and RabbitMQ on this machine when they are not already answering,
# then waits until each one accepts connections.
set -euo pipefail

port_open() { timeout 1 bash -c "</dev/tcp/127.0.0.1/$1" 2>/dev/null; }

wait_for() {  # name, seconds, command...
  local name=$1 seconds=$2; shift 2
  for _ in $(seq "$seconds"); do
    if "$@" >/dev/null 2>&1; then echo "$name is up"; return 0; fi
    sleep 1
  done
  echo "$name did not come up within ${seconds}s" >&2
  return 1
}

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
wait_for PostgreSQL 60 pg_isready -q -h 127.0.0.1 -p 5432

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for Redis 30 redis-cli -h 127.0.0.1 -p 6379 ping

if ! port_open 5672; then
  echo "starting RabbitMQ"
  rabbitmq-server -detached
  # await_startup fails (rc 69) until the node has registered, so keep asking.
  wait_for "RabbitMQ node" 120 rabbitmqctl await_startup
fi
wait_for RabbitMQ 120 port_open 5672
# The management API reads queue arguments back and creates a vhost per test.
if ! port_open 15672; then
  rabbitmq-plugins enable rabbitmq_management >/dev/null
fi
wait_for "RabbitMQ management" 60 port_open 15672
