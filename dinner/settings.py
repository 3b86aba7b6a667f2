"""Process configuration, read from the environment with working local defaults."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Only good for a developer's machine; a production deployment must set its own.
LOCAL_JWT_SECRET = "local-development-secret-change-me-0123456789"
# Base64 of 32 bytes; wraps the per-customer data keys (docs/privacy.md). Local use only.
LOCAL_PRIVACY_MASTER_KEY = base64.b64encode(b"local-development-master-key-32b").decode()


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
    jwt_ttl_seconds: int = 3600
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

    def master_keys(self) -> tuple[bytes, tuple[bytes, ...]]:
        """The current master key and the previous ones still accepted for unwrapping."""
        previous = (k for k in self.privacy_previous_master_keys.split(",") if k.strip())
        return master_key_bytes(self.privacy_master_key), tuple(map(master_key_bytes, previous))

    def refuse_local_secret_in_production(self) -> None:
        if self.environment == "production" and self.jwt_secret == LOCAL_JWT_SECRET:
            raise ValueError("JWT_SECRET must be set in production")
        self.refuse_local_master_key_in_production()

    def refuse_local_master_key_in_production(self) -> None:
        if self.environment == "production" and self.privacy_master_key == LOCAL_PRIVACY_MASTER_KEY:
            raise ValueError("PRIVACY_MASTER_KEY must be set in production")
