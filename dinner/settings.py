"""Process configuration, read from the environment with working local defaults."""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Only good for a developer's machine; a production deployment must set its own.
LOCAL_JWT_SECRET = "local-development-secret-change-me-0123456789"
# Base64 of 32 bytes; wraps the per-customer data keys (docs/privacy.md). Local use only.
LOCAL_PRIVACY_MASTER_KEY = base64.b64encode(b"local-development-master-key-32b").decode()


# A signing key must have this many bytes outside local mode (RFC 7518 §3.2 for HS256).
MIN_JWT_KEY_BYTES = 32
# Values the examples and defaults use; a deployment that kept one refuses to start.
JWT_KEY_PLACEHOLDERS = ("change-me", "changeme", "placeholder", LOCAL_JWT_SECRET)
# The `kid` of JWT_SECRET when JWT_KEYS is not set.
DEFAULT_KID = "default"


@lru_cache(maxsize=16)  # asked on every token check; the value is one setting
def parse_jwt_keys(value: str) -> tuple[tuple[str, str], ...]:
    """`kid1:secret1,kid2:secret2` → ((kid, secret), …), in order: the first one signs."""
    keys: list[tuple[str, str]] = []
    for item in value.split(","):
        if not item.strip():
            continue
        kid, colon, secret = item.strip().partition(":")
        if not colon or not kid or not secret:
            raise ValueError("JWT_KEYS must be `kid:secret` pairs separated by commas")
        if kid in dict(keys):
            raise ValueError(f"JWT_KEYS names the kid {kid!r} twice")
        keys.append((kid, secret))
    return tuple(keys)


def master_key_bytes(value: str) -> bytes:
    """A master key as given in the environment: standard base64 of exactly 32 bytes."""
    try:
        key = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("a privacy master key must be base64") from None
    if len(key) != 32:
        raise ValueError("a privacy master key must be 32 bytes (AES-256)")
    return key


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    environment: Literal["local", "test", "production"] = "local"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/dinner"
    event_store_url: str = "postgresql://postgres@127.0.0.1:5432/dinner"
    # Each test gets its own schema; production uses `public`.
    database_schema: str = "public"
    rabbitmq_url: str = "amqp://guest:guest@localhost:5672/"
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_prefix: str = "dinner:"
    jwt_secret: str = LOCAL_JWT_SECRET
    # Signing keys by kid, `kid1:secret1,kid2:secret2`: new tokens use the first, the others
    # are still accepted (rotation). Empty: JWT_SECRET alone, under the kid `default`.
    jwt_keys: str = ""
    jwt_issuer: str = "dinner-service"
    jwt_audience: str = "dinner-api"
    jwt_ttl_seconds: int = Field(default=900, le=24 * 3600)
    # A refresh token's life; each refresh starts it again.
    refresh_ttl_seconds: int = Field(default=14 * 24 * 3600, ge=60)
    # Sign-in attempts one client address may make per window, over every account.
    sign_in_attempts_per_address: int = Field(default=20, ge=1)
    sign_in_address_window_seconds: int = Field(default=60, ge=1)
    # Failed sign-ins of one account before it is locked for the lockout (its window).
    sign_in_failures_before_lockout: int = Field(default=5, ge=1)
    sign_in_lockout_seconds: int = Field(default=900, ge=1)
    media_dir: Path = Path("media")
    model_cache_dir: Path = Path("models")
    stt_model: str = "tiny.en"
    llm_model: str = "qwen2.5-coder-1.5b-instruct-q4_k_m"
    image_model: str = "tiny-sd3"
    ai_device: Literal["cpu", "cuda"] = "cpu"
    gpu_memory_utilization: float = Field(default=0.9, gt=0, le=1)
    worker_concurrency: int = Field(default=3, ge=1)
    ai_worker_port: int = Field(default=8001, ge=1, le=65535)
    max_request_bytes: int = Field(default=1_048_576, ge=1024)
    # Larger broker messages go to the dead-letter queue undecoded; an envelope is kilobytes.
    max_message_bytes: int = Field(default=1_048_576, ge=1024)
    idempotency_ttl_seconds: int = 24 * 3600
    # Commands one subject may send per window, across all command API processes; 0 turns the
    # limit off. Far above what a person or the dashboards send; it stops a runaway client.
    rate_limit_commands: int = Field(default=600, ge=0)
    rate_limit_window_seconds: int = Field(default=60, ge=1)
    db_pool_size: int = Field(default=10, ge=1)
    privacy_master_key: str = LOCAL_PRIVACY_MASTER_KEY
    # Comma-separated keys still accepted for unwrapping while `dinner privacy rewrap` runs.
    privacy_previous_master_keys: str = ""

    @field_validator("database_schema")
    @classmethod
    def _plain_identifier(cls, value: str) -> str:
        if not value.replace("_", "").isalnum() or not value[0].isalpha():
            raise ValueError("database_schema must be a plain SQL identifier")
        return value

    @field_validator("privacy_master_key")
    @classmethod
    def _master_key(cls, value: str) -> str:
        master_key_bytes(value)
        return value

    @field_validator("privacy_previous_master_keys")
    @classmethod
    def _previous_master_keys(cls, value: str) -> str:
        for key in value.split(","):
            if key.strip():
                master_key_bytes(key)
        return value

    @field_validator("jwt_keys")
    @classmethod
    def _jwt_keys(cls, value: str) -> str:
        parse_jwt_keys(value)
        return value

    @model_validator(mode="after")
    def _secret_follows_the_signing_key(self) -> Settings:
        # JWT_SECRET also keys the query API's cursors: with JWT_KEYS alone it must not stay
        # the development value, so it becomes the signing key.
        keys = parse_jwt_keys(self.jwt_keys)
        if keys and self.jwt_secret == LOCAL_JWT_SECRET:
            self.jwt_secret = keys[0][1]
        return self

    def jwt_signing_keys(self) -> tuple[tuple[str, str], ...]:
        """(kid, secret) pairs; the first signs new tokens, every one verifies."""
        return parse_jwt_keys(self.jwt_keys) or ((DEFAULT_KID, self.jwt_secret),)

    def master_keys(self) -> tuple[bytes, tuple[bytes, ...]]:
        """The current master key and the previous ones still accepted for unwrapping."""
        previous = (k for k in self.privacy_previous_master_keys.split(",") if k.strip())
        return master_key_bytes(self.privacy_master_key), tuple(map(master_key_bytes, previous))

    def refuse_local_secret_in_production(self) -> None:
        if self.environment == "production" and self.jwt_secret == LOCAL_JWT_SECRET:
            raise ValueError("JWT_SECRET (or JWT_KEYS) must be set in production")
        self.refuse_weak_jwt_keys()
        self.refuse_local_master_key_in_production()

    def refuse_weak_jwt_keys(self) -> None:
        """Outside local mode every signing key is at least 32 bytes and no placeholder."""
        if self.environment == "local":
            return
        for kid, secret in self.jwt_signing_keys():
            if len(secret.encode()) < MIN_JWT_KEY_BYTES:
                raise ValueError(
                    f"JWT key {kid!r} is shorter than {MIN_JWT_KEY_BYTES} bytes "
                    "(JWT_KEYS, or JWT_SECRET without it)"
                )
            if any(p in secret.lower() for p in JWT_KEY_PLACEHOLDERS):
                raise ValueError(
                    f"JWT key {kid!r} is a placeholder: set JWT_KEYS (or JWT_SECRET) to a "
                    "random value"
                )

    def refuse_local_master_key_in_production(self) -> None:
        if self.environment == "production" and self.privacy_master_key == LOCAL_PRIVACY_MASTER_KEY:
            raise ValueError("PRIVACY_MASTER_KEY must be set in production")
