"""List prices the demo bills at, as exact Decimals.

The demo's cost reports are tokens x these prices, so billed cost and the token-priced estimate agree and
`mart_cost_reconciliation` shows a zero gap unless someone changes one side. Values are the providers' public
list prices per million tokens for standard tier, short context, as of autumn 2026.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class AnthropicModel:
    usage_id: str  # as the usage report names it (dated)
    cost_id: str  # as the cost report names it (undated, parsed from the description)
    display: str  # as the cost report's description spells it
    usd_per_mtok: dict[str, Decimal]  # keyed by cost-report token_type


def _anthropic(
    usage_id: str, cost_id: str, display: str, base: str, out: str, read: str, w5m: str, w1h: str
) -> AnthropicModel:
    return AnthropicModel(
        usage_id,
        cost_id,
        display,
        {
            "uncached_input_tokens": Decimal(base),
            "output_tokens": Decimal(out),
            "cache_read_input_tokens": Decimal(read),
            "cache_creation.ephemeral_5m_input_tokens": Decimal(w5m),
            "cache_creation.ephemeral_1h_input_tokens": Decimal(w1h),
        },
    )


ANTHROPIC_MODELS: dict[str, AnthropicModel] = {
    model.usage_id: model
    for model in (
        _anthropic(
            "claude-sonnet-4-5-20250929",
            "claude-sonnet-4-5",
            "Claude Sonnet 4.5",
            "3",
            "15",
            "0.30",
            "3.75",
            "6",
        ),
        _anthropic("claude-haiku-4-5-20251001", "claude-haiku-4-5", "Claude Haiku 4.5", "1", "5", "0.10", "1.25", "2"),
        _anthropic(
            "claude-opus-4-1-20250805",
            "claude-opus-4-1",
            "Claude Opus 4.1",
            "15",
            "75",
            "1.50",
            "18.75",
            "30",
        ),
    )
}
SONNET, HAIKU, OPUS = ANTHROPIC_MODELS

# The description's suffix per token type. Only "Output Tokens" / "Input Tokens" are seen in the reference
# docs; the cache wordings are our best guess, which is fine because readers key on token_type, not on text.
ANTHROPIC_TOKEN_WORDING: dict[str, str] = {
    "uncached_input_tokens": "Input Tokens",
    "cache_read_input_tokens": "Cache Read Tokens",
    "cache_creation.ephemeral_5m_input_tokens": "Cache Write Tokens (5m)",
    "cache_creation.ephemeral_1h_input_tokens": "Cache Write Tokens (1h)",
    "output_tokens": "Output Tokens",
}

WEB_SEARCH_CENTS_PER_REQUEST = Decimal("1")  # USD 10 per 1,000 searches
CODE_EXECUTION_CENTS_PER_HOUR = Decimal("5")  # USD 0.05 per container-hour


def anthropic_cents(model_usage_id: str, token_type: str, tokens: int) -> Decimal:
    """Cents, exact: $/MTok x 100 / 1e6 leaves at most 6 decimals for every price above."""
    return ANTHROPIC_MODELS[model_usage_id].usd_per_mtok[token_type] * tokens * 100 / MILLION


@dataclass(frozen=True)
class OpenAIModel:
    model_id: str
    usd_per_mtok: dict[str, Decimal]  # keyed by the line_item's piece


OPENAI_MODELS: dict[str, OpenAIModel] = {
    model.model_id: model
    for model in (
        OpenAIModel(
            "gpt-5-2025-08-07",
            {"input": Decimal("1.25"), "cached input": Decimal("0.125"), "output": Decimal("10")},
        ),
        OpenAIModel(
            "gpt-5-mini-2025-08-07",
            {"input": Decimal("0.25"), "cached input": Decimal("0.025"), "output": Decimal("2")},
        ),
        OpenAIModel(
            "gpt-4.1-mini-2025-04-14",
            {"input": Decimal("0.40"), "cached input": Decimal("0.10"), "output": Decimal("1.60")},
        ),
    )
}
GPT5, GPT5_MINI, GPT41_MINI = OPENAI_MODELS


def openai_dollars(model_id: str, piece: str, tokens: int) -> Decimal:
    """Dollars, exact: at most 9 decimals for every price above."""
    return OPENAI_MODELS[model_id].usd_per_mtok[piece] * tokens / MILLION
