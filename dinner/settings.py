"""Process configuration, read from the environment with working local defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Only good for a developer's machine; a production deployment must set its own.
LOCAL_JWT_SECRET = "local-development-secret-change-me-0123456789"


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
    max_request_bytes: int = Field(default=1_048_576, ge=1024)
    idempotency_ttl_seconds: int = 24 * 3600
    db_pool_size: int = Field(default=10, ge=1)

    @field_validator("database_schema")
    @classmethod
    def _plain_identifier(cls, value: str) -> str:
        if not value.replace("_", "").isalnum() or not value[0].isalpha():
            raise ValueError("database_schema must be a plain SQL identifier")
        return value

    def refuse_local_secret_in_production(self) -> None:
        if self.environment == "production" and self.jwt_secret == LOCAL_JWT_SECRET:
            raise ValueError("JWT_SECRET must be set in production")
